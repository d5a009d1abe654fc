import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseApiKeys } from '../config/index.ts';
import { apiKeyAuth } from './api-key-auth.ts';
import { corsForOrigins } from './cors.ts';

function appWith(origins: readonly string[]) {
  const app = new Hono();
  app.use(corsForOrigins({ origins }));
  app.use(apiKeyAuth({ apiKeys: parseApiKeys({ LUKHAS_MCP_API_KEYS: 'prod-key-1' }) }));
  app.post('/mcp', (context) => context.json({ ok: true }, 200, { 'Mcp-Session-Id': 'session-1' }));
  return app;
}

const preflight = (origin: string) => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'content-type, x-api-key, mcp-protocol-version',
  },
});

describe('corsForOrigins', () => {
  const app = appWith(['https://ops.example.com']);

  it('answers a preflight from a configured origin without an API key', async () => {
    const response = await app.request('/mcp', preflight('https://ops.example.com'));
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('https://ops.example.com');
    expect(response.headers.get('Access-Control-Allow-Methods')).toBe('GET,POST,DELETE,OPTIONS');
    expect(response.headers.get('Access-Control-Allow-Headers')).toBe(
      'Content-Type,Authorization,X-API-Key,Mcp-Session-Id,Mcp-Protocol-Version,Last-Event-ID',
    );
    expect(response.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    expect(response.headers.get('Vary')).toContain('Origin');
  });

  it('gives other origins no Access-Control-Allow-Origin, so browsers refuse them', async () => {
    const response = await app.request('/mcp', preflight('http://evil.example'));
    expect(response.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const nothingConfigured = await appWith([]).request('/mcp', preflight('https://ops.example.com'));
    expect(nothingConfigured.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('exposes the MCP headers, WWW-Authenticate and Retry-After to the page', async () => {
    const response = await app.request('/mcp', {
      method: 'POST',
      headers: { Origin: 'https://ops.example.com', 'X-API-Key': 'prod-key-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('https://ops.example.com');
    expect(response.headers.get('Access-Control-Expose-Headers')).toBe(
      'Mcp-Session-Id,Mcp-Protocol-Version,WWW-Authenticate,Retry-After',
    );
    expect(response.headers.get('Mcp-Session-Id')).toBe('session-1');
  });

  it('keeps the CORS headers on a 401, so the page can read why', async () => {
    const response = await app.request('/mcp', {
      method: 'POST',
      headers: { Origin: 'https://ops.example.com' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('https://ops.example.com');
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="mcp-cockpit"');
  });
});
