// Security headers of the public pages: a CSP with no inline script or style, no sniffing, no
// referrer beyond the origin, and no framing except for the embed. And the floor under every
// other response (JSON, feeds, calendars, the badge, icons, errors): no sniffing, and a CSP under
// which a document opened on its own loads and runs nothing.
import type { Context, MiddlewareHandler } from 'hono';

export type FrameAncestors = 'none' | 'any';

/**
 * img-src allows https: for the operator's logo, which may live on their own site; update
 * bodies cannot add images (the Markdown renderer turns them into links).
 */
export function securityHeaderValues(frameAncestors: FrameAncestors): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors === 'none' ? "'none'" : '*'}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    ...(frameAncestors === 'none' ? { 'X-Frame-Options': 'DENY' } : {}),
  };
}

export function securityHeaders(options: { frameAncestors: FrameAncestors }): MiddlewareHandler {
  if (options.frameAncestors !== 'none' && options.frameAncestors !== 'any') {
    throw new Error(`securityHeaders: frameAncestors must be 'none' or 'any', not ${String(options.frameAncestors)}`);
  }
  const values = Object.entries(securityHeaderValues(options.frameAncestors));
  return async (c, next) => {
    await next();
    editHeaders(c, (headers) => {
      for (const [name, value] of values) headers.set(name, value);
    });
  };
}

/**
 * Changes the headers of the response a handler returned, in place. Hono's `c.header()` after the
 * handler copies the whole Response on every call (in case its headers are immutable): four
 * headers were four copies on every request. Headers of a Response made here can change; those of
 * one that cannot (a fetched one) are changed on a single copy.
 */
export function editHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    c.res = new Response(c.res.body, c.res);
    edit(c.res.headers);
  }
}

/**
 * What a response that is not a page may do when a browser opens it as a document: nothing. An
 * XML feed or an SVG can carry script; this keeps it from running on the page's origin.
 */
export const DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The badge opened on its own runs and loads nothing (it draws with presentation attributes, not
 * CSS), and, unlike other documents, any page may frame it: an <object> or <iframe> badge is
 * still a badge.
 */
export const BADGE_CSP = "default-src 'none'";

/**
 * The floor under every response, 404s and errors included: `nosniff`, and DOCUMENT_CSP where
 * the surface set no CSP of its own (the pages, the admin UI and its previews set theirs).
 * Mounted first in createApp, so it sees the response onError and notFound make too.
 */
export function baselineHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    editHeaders(c, (headers) => {
      if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', DOCUMENT_CSP);
      headers.set('X-Content-Type-Options', 'nosniff');
    });
  };
}

/**
 * Any origin may read these GET routes (status widgets, browser-side feed readers): what
 * hono/cors does with `origin: '*'`, without its cost on every GET. hono/cors sets its headers
 * before the handler runs, which makes Hono build a placeholder Response and then copy the
 * handler's into it: two Responses more per request, on the routes that are otherwise only
 * bytes read from KV. A preflight (OPTIONS) is answered 204 here, as hono/cors answers it.
 */
export function anyOrigin(options: { maxAge?: number } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({ ...CORS_HEADERS, 'Access-Control-Allow-Methods': 'GET,HEAD,OPTIONS' });
      if (options.maxAge !== undefined) headers.set('Access-Control-Max-Age', String(options.maxAge));
      const asked = c.req.header('Access-Control-Request-Headers');
      if (asked) {
        headers.set(
          'Access-Control-Allow-Headers',
          asked
            .split(',')
            .map((h) => h.trim())
            .join(','),
        );
        headers.append('Vary', 'Access-Control-Request-Headers');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    editHeaders(c, (headers) => {
      for (const [name, value] of Object.entries(CORS_HEADERS)) headers.set(name, value);
    });
  };
}

export const CORS_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag' };
