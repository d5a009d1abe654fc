import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseApiKeys, parseSecurityConfig } from '../config/index.ts';
import { operatorLabel } from './api-key-verifier.ts';
import { type SecurityVariables, securityMiddleware } from './security-middleware.ts';

function appWith(env: NodeJS.ProcessEnv, bindHost = '127.0.0.1') {
  const config = parseSecurityConfig(env, { bindHost, apiKeys: parseApiKeys(env) });
  const app = new Hono<{ Variables: SecurityVariables }>();
  app.use(...securityMiddleware(config, { now: () => 0 }));
  app.get('/health', (context) => context.json({ status: 'ok' }));
  app.post('/mcp', async (context) =>
    context.json({ operator: context.get('operator'), bytes: (await context.req.text()).length }),
  );
  app.get('/sse', (context) => context.json({ operator: context.get('operator') }));
  app.get('/metrics', (context) => context.text('cockpit_up 1'));
  app.get('/evidence/export', (context) => context.body('zip'));
  app.get('/', (context) => context.html('<h1>cockpit</h1>'));
  return app;
}

const KEYED = {
  LUKHAS_MCP_API_KEYS: 'prod-key-1,admin-key-2',
  LUKHAS_CORS_ORIGINS: 'https://ops.example.com',
  MCP_RL_BUCKET: '5',
  LUKHAS_MAX_BODY_BYTES: '64',
};
const seedCall = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';

describe('securityMiddleware', () => {
  it("lets the seeds' bare curl calls through when no keys are configured", async () => {
    const app = appWith({});
    const response = await app.request('/mcp', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: seedCall,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ operator: 'local', bytes: seedCall.length });
    expect(response.headers.get('X-Robots-Tag')).toBe('noindex, nofollow');
  });

  it('keeps GET /health public for liveness probes, with the security headers', async () => {
    const response = await appWith(KEYED, '0.0.0.0').request('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('requires a key everywhere else, and the 401 carries the headers and CORS', async () => {
    const app = appWith(KEYED, '0.0.0.0');
    const refused = await app.request('/mcp', {
      method: 'POST',
      headers: { Origin: 'https://ops.example.com', 'Content-Type': 'application/json' },
      body: seedCall,
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBe('https://ops.example.com');
    expect(refused.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
    expect((await app.request('/nowhere')).status).toBe(401);
    const sse = await app.request('/sse?topic=jobs&key=admin-key-2');
    expect(await sse.json()).toEqual({ operator: operatorLabel('admin-key-2') });
  });

  it('answers CORS preflights before rate limits and auth', async () => {
    const app = appWith(KEYED, '0.0.0.0');
    for (let request = 0; request < 10; request += 1) {
      const response = await app.request('/mcp', {
        method: 'OPTIONS',
        headers: { Origin: 'https://ops.example.com', 'Access-Control-Request-Method': 'POST' },
      });
      expect(response.status).toBe(204);
    }
  });

  it('rate-limits before auth, so guessing keys costs tokens', async () => {
    const app = appWith(KEYED, '0.0.0.0');
    const statuses: number[] = [];
    for (let guess = 0; guess < 6; guess += 1) {
      statuses.push(
        (await app.request('/mcp', { method: 'POST', headers: { 'X-API-Key': `guess-${guess}` } })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('guards /mcp and /sse against DNS rebinding before auth, and leaves other paths alone', async () => {
    const app = appWith(KEYED, '0.0.0.0');
    const rebinding = {
      Host: 'evil.example:8766',
      Origin: 'http://evil.example:8766',
      'X-API-Key': 'prod-key-1',
    };
    expect((await app.request('/mcp', { method: 'POST', headers: rebinding })).status).toBe(403);
    expect((await app.request('/sse?topic=jobs', { headers: rebinding })).status).toBe(403);
    expect((await app.request('/health', { headers: rebinding })).status).toBe(200);
  });

  // Without keys the Host check is all that stands between a rebinding page and the evidence zip.
  it.each([
    ['/evidence/export?from=1d', 'GET'],
    ['/metrics', 'GET'],
    ['/health', 'GET'],
    ['/', 'GET'],
    ['/nowhere', 'GET'],
  ])('without keys, refuses a foreign Host on %s too: 403 with the reason', async (path, method) => {
    const app = appWith({});
    const response = await app.request(path, { method, headers: { Host: 'attacker.example' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'forbidden',
      message: expect.stringMatching(/^host not allowed: .*LUKHAS_ALLOWED_HOSTS/),
    });
    const rebound = await app.request(path, {
      method,
      headers: { Host: 'localhost:8766', Origin: 'http://attacker.example:8766' },
    });
    expect(rebound.status).toBe(403);
    expect(await rebound.json()).toMatchObject({
      error: 'forbidden',
      message: expect.stringMatching(/^origin not allowed/),
    });
    const own = await app.request(path, { method, headers: { Host: '127.0.0.1:8766' } });
    expect(own.status).not.toBe(403);
  });

  it('with keys, guards only /mcp and /sse: the key protects the rest, liveness probes keep any Host', async () => {
    const app = appWith(KEYED, '0.0.0.0');
    const foreign = { Host: 'cockpit.internal:8766', 'X-API-Key': 'prod-key-1' };
    expect((await app.request('/metrics', { headers: foreign })).status).toBe(200);
    expect((await app.request('/health', { headers: { Host: '10.0.0.7:8766' } })).status).toBe(200);
  });

  it('checks the body size only once the key is known: no buffering for strangers', async () => {
    const app = appWith(KEYED, '0.0.0.0');
    const big = 'x'.repeat(65);
    expect((await app.request('/mcp', { method: 'POST', body: big })).status).toBe(401);
    const keyed = await app.request('/mcp', {
      method: 'POST',
      headers: { 'X-API-Key': 'prod-key-1' },
      body: big,
    });
    expect(keyed.status).toBe(413);
  });
});
