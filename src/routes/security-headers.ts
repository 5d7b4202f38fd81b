// Security headers of the public pages: a CSP with no inline script or style, no sniffing, no
// referrer beyond the origin, and no framing except for the embed. And the floor under every
// other response (JSON, feeds, calendars, the badge, icons, errors): no sniffing, and a CSP under
// which a document opened on its own loads and runs nothing.
import type { MiddlewareHandler } from 'hono';

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
    for (const [name, value] of values) c.header(name, value);
  };
}

/**
 * What a response that is not a page may do when a browser opens it as a document: nothing. An
 * XML feed or an SVG can carry script; this keeps it from running on the page's origin.
 */
export const DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The floor under every response, 404s and errors included: `nosniff`, and DOCUMENT_CSP where
 * the surface set no CSP of its own (the pages, the admin UI and its previews set theirs).
 * Mounted first in createApp, so it sees the response onError and notFound make too.
 */
export function baselineHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', DOCUMENT_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
  };
}
