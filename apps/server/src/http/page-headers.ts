import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/** The Content-Security-Policy the cockpit pages are built for: same-origin scripts, inline styles. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Security headers on every response: CSP, HSTS, nosniff, `X-Robots-Tag: noindex, nofollow`,
 * `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`. CSP only matters on the HTML pages, but is
 * harmless on JSON and SSE; nosniff and noindex matter everywhere.
 *
 * @example app.use(pageHeaders())
 */
export function pageHeaders(): MiddlewareHandler {
  const secure = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
  });
  return async function pageHeaders(context, next) {
    await secure(context, next);
    context.res.headers.set('X-Robots-Tag', 'noindex, nofollow');
  };
}
