import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type OriginGuardOptions, originGuard } from './origin-guard.ts';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function appWith(options: Partial<OriginGuardOptions> = {}) {
  const app = new Hono();
  app.use(
    '/mcp',
    originGuard({ allowedOrigins: ['https://ops.example.com'], allowedHosts: LOOPBACK_HOSTS, ...options }),
  );
  app.post('/mcp', (context) => context.json({ ok: true }));
  app.get('/health', (context) => context.json({ ok: true }));
  return app;
}

const post = (headers: Record<string, string>) => ({ method: 'POST', headers });

describe('originGuard', () => {
  const app = appWith();

  it.each([
    ['no Origin (curl, Node SDK clients)', { Host: 'localhost:8766' }],
    ['no Host header (app.request uses the URL host)', {}],
    ['same origin as the Host', { Host: 'localhost:8766', Origin: 'http://localhost:8766' }],
    ['same origin on the default port', { Host: '127.0.0.1', Origin: 'http://127.0.0.1' }],
    ['same origin over https on 443', { Host: 'localhost:443', Origin: 'https://localhost' }],
    ['IPv6 loopback', { Host: '[::1]:8766', Origin: 'http://[::1]:8766' }],
    ['a configured CORS origin', { Host: '127.0.0.1:8766', Origin: 'https://ops.example.com' }],
    ['an upper-case Host', { Host: 'LOCALHOST:8766' }],
    // Host carries no scheme: behind a TLS proxy the page is https while the server sees http.
    ['https on the same host and port', { Host: 'localhost:8766', Origin: 'https://localhost:8766' }],
  ])('allows %s', async (_case, headers) => {
    const response = await app.request('/mcp', post(headers));
    expect(response.status).toBe(200);
  });

  it.each([
    ['a foreign origin', { Host: 'localhost:8766', Origin: 'http://evil.example' }],
    [
      'a foreign origin on the right host name but another port',
      { Host: 'localhost:8766', Origin: 'http://localhost:5173' },
    ],
    ["the opaque origin 'null' (sandboxed frames, file://)", { Host: 'localhost:8766', Origin: 'null' }],
    ['an origin with a path', { Host: 'localhost:8766', Origin: 'http://localhost:8766/x' }],
    ['garbage', { Host: 'localhost:8766', Origin: '\u00ff\u00fe<script>' }],
  ])('refuses %s with 403 and a JSON-RPC error', async (_case, headers) => {
    const response = await app.request('/mcp', post(headers));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'origin not allowed' },
      id: null,
    });
  });

  it.each([
    [
      'a rebinding page: foreign Host, same-origin Origin',
      { Host: 'evil.example:8766', Origin: 'http://evil.example:8766' },
    ],
    ['a foreign Host without Origin', { Host: 'evil.example' }],
    ['a Host with credentials', { Host: 'evil.example@localhost' }],
    ['a Host with a path', { Host: 'localhost/evil' }],
    ['a Host with a bad port', { Host: 'localhost:99999' }],
    ['a bracketed non-IPv6 Host', { Host: '[evil.example]' }],
    ['a loopback look-alike', { Host: 'localhost.evil.example' }],
  ])('refuses %s with 403 host not allowed', async (_case, headers) => {
    const response = await app.request('/mcp', post(headers));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'host not allowed' },
      id: null,
    });
  });

  it('accepts configured host names on any port', async () => {
    const configured = appWith({ allowedHosts: [...LOOPBACK_HOSTS, 'mcp.lukhas.ai'] });
    expect((await configured.request('/mcp', post({ Host: 'mcp.lukhas.ai' }))).status).toBe(200);
    const sameOrigin = post({ Host: 'mcp.lukhas.ai:8443', Origin: 'https://mcp.lukhas.ai:8443' });
    expect((await configured.request('/mcp', sameOrigin)).status).toBe(200);
    expect((await configured.request('/mcp', post({ Host: 'evil.example' }))).status).toBe(403);
  });

  it('accepts any host with allowAnyHost, and still checks the Origin', async () => {
    const anyHost = appWith({ allowAnyHost: true });
    expect((await anyHost.request('/mcp', post({ Host: 'cockpit.internal:8766' }))).status).toBe(200);
    const foreign = post({ Host: 'cockpit.internal:8766', Origin: 'http://evil.example' });
    expect((await anyHost.request('/mcp', foreign)).status).toBe(403);
  });

  it('leaves unguarded paths alone', async () => {
    const response = await app.request('/health', {
      headers: { Host: 'evil.example', Origin: 'http://evil.example' },
    });
    expect(response.status).toBe(200);
  });
});
