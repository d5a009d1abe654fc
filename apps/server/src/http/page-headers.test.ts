import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, pageHeaders } from './page-headers.ts';

const app = new Hono();
app.use(pageHeaders());
app.get('/cockpit.html', (context) => context.html('<h1>cockpit</h1>'));
app.get('/health', (context) => context.json({ status: 'ok' }));
app.get('/boom', () => {
  throw new Error('boom');
});
app.onError((_error, context) => context.json({ error: 'internal' }, 500));

describe('pageHeaders', () => {
  it.each(['/cockpit.html', '/health', '/missing', '/boom'])(
    'sets the security headers on %s',
    async (path) => {
      const response = await app.request(path);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-robots-tag': 'noindex, nofollow',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      });
    },
  );

  it('sends the CSP the cockpit pages are written for', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
  });
});
