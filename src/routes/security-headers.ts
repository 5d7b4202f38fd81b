// Security headers of the public pages: a CSP with no inline script or style, no sniffing, no
// referrer beyond the origin, and no framing except for the embed.
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
