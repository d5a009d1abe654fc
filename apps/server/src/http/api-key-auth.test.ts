import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseApiKeys } from '../config/index.ts';
import {
  type ApiKeyAuthVariables,
  apiKeyAuth,
  QUERY_KEY_REFUSED_BODY,
  redactApiKey,
  UNAUTHORIZED_BODY,
} from './api-key-auth.ts';
import { operatorLabel } from './api-key-verifier.ts';

/** LUKHAS_MCP_API_KEYS of these tests: two keys that may do everything. */
const KEYS = 'prod-key-1,admin-key-2';

function appWith(keys: string, publicRoutes?: readonly string[]) {
  const app = new Hono<{ Variables: ApiKeyAuthVariables }>();
  const apiKeys = parseApiKeys({ LUKHAS_MCP_API_KEYS: keys });
  app.use(apiKeyAuth({ apiKeys, ...(publicRoutes ? { publicRoutes } : {}) }));
  app.get('/access', (context) => context.json(context.get('access')));
  app.all('/mcp', (context) => context.json({ operator: context.get('operator') }));
  app.get('/sse', (context) => context.json({ operator: context.get('operator') }));
  app.get('/health', (context) => context.json({ operator: context.get('operator') }));
  app.get('/metrics', (context) => context.json({ operator: context.get('operator') }));
  app.get('/evidence/export', (context) => context.json({ operator: context.get('operator') }));
  return app;
}

describe('apiKeyAuth', () => {
  const app = appWith(KEYS, ['GET /health']);

  it.each([
    ['X-API-Key', '/mcp', { 'X-API-Key': 'prod-key-1' }],
    ['Authorization: Bearer', '/mcp', { Authorization: 'Bearer prod-key-1' }],
    ['lower-case bearer scheme', '/mcp', { Authorization: 'bearer prod-key-1' }],
    ['?key= (EventSource)', '/sse?topic=jobs&key=prod-key-1', {}],
    ['percent-encoded ?key=', '/sse?topic=jobs&key=prod%2Dkey%2D1', {}],
  ])('accepts a key in %s and records its label as the operator', async (_where, path, headers) => {
    const response = await app.request(path, { headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ operator: operatorLabel('prod-key-1') });
  });

  it('accepts every configured key', async () => {
    const response = await app.request('/mcp', { headers: { 'X-API-Key': 'admin-key-2' } });
    expect(await response.json()).toEqual({ operator: operatorLabel('admin-key-2') });
  });

  it('answers a missing and a wrong key identically: 401, WWW-Authenticate, the same body', async () => {
    const attempts = [
      await app.request('/mcp', { method: 'POST' }),
      await app.request('/mcp', { method: 'POST', headers: { 'X-API-Key': 'prod-key-2' } }),
      await app.request('/mcp', { method: 'POST', headers: { Authorization: 'Bearer nope' } }),
      await app.request('/mcp', { method: 'POST', headers: { Authorization: 'Basic cHJvZC1rZXktMQ==' } }),
      await app.request('/sse?key=', {}),
      await app.request('/sse?key=prod-key-1x', {}),
    ];
    const seen = await Promise.all(
      attempts.map(async (response) => ({
        status: response.status,
        authenticate: response.headers.get('WWW-Authenticate'),
        body: await response.text(),
      })),
    );
    for (const attempt of seen) {
      expect(attempt).toEqual({
        status: 401,
        authenticate: 'Bearer realm="mcp-cockpit"',
        body: JSON.stringify(UNAUTHORIZED_BODY),
      });
    }
  });

  it('takes X-API-Key over Authorization over ?key=', async () => {
    const wrongHeaderWins = await app.request('/sse?key=prod-key-1', { headers: { 'X-API-Key': 'wrong' } });
    expect(wrongHeaderWins.status).toBe(401);
    const bearerWins = await app.request('/sse?key=wrong', {
      headers: { Authorization: 'Bearer admin-key-2' },
    });
    expect(await bearerWins.json()).toEqual({ operator: operatorLabel('admin-key-2') });
  });

  it('never echoes the key: not in the operator label, not in a 401', async () => {
    const ok = await app.request('/sse?key=prod-key-1');
    expect(await ok.text()).not.toContain('prod-key-1');
    const refused = await app.request("/sse?key=x'%20OR%201=1;--");
    const text = await refused.text();
    expect(text).not.toContain('OR 1=1');
    expect([...refused.headers.values()].join('\n')).not.toContain('OR');
  });

  // Query strings end up in proxy and access logs; only EventSource (which cannot send headers) needs it.
  it.each([
    ['/mcp?key=prod-key-1', { method: 'POST' }],
    ['/metrics?key=prod-key-1', {}],
    ['/evidence/export?from=1d&key=prod-key-1', {}],
    ['/sse/?key=prod-key-1', {}],
    ['/metrics?k%65y=prod-key-1', {}],
    ['/mcp?key=prod-key-1', { method: 'POST', headers: { 'X-API-Key': 'prod-key-1' } }],
    ['/metrics?key=wrong', {}],
  ])('refuses ?key= outside /sse: %s → 401 saying to use a header', async (path, init) => {
    const response = await app.request(path, init);
    expect(response.status).toBe(401);
    expect(response.headers.get('WWW-Authenticate')).toBe('Bearer realm="mcp-cockpit"');
    const body = await response.json();
    expect(body).toEqual(QUERY_KEY_REFUSED_BODY);
    expect(body.message).toMatch(/only on \/sse.*X-API-Key.*Authorization: Bearer/);
    expect(JSON.stringify(body)).not.toContain('prod-key-1');
  });

  it('still takes ?key= on /sse, and ignores a key parameter on public routes', async () => {
    expect((await app.request('/sse?topic=jobs&key=prod-key-1')).status).toBe(200);
    expect((await app.request('/health?key=whatever')).status).toBe(200);
  });

  it('serves public routes without a key, as operator anonymous (HEAD counts as GET)', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ operator: 'anonymous' });
    expect((await app.request('/health', { method: 'HEAD' })).status).toBe(200);
    // Only the listed method: a POST to the same path still needs a key.
    expect((await app.request('/health', { method: 'POST' })).status).toBe(401);
  });

  it('requires a key on /health too unless it is listed as public', async () => {
    expect((await appWith(KEYS).request('/health')).status).toBe(401);
  });

  it('lets everything through as operator local when no keys are configured', async () => {
    const open = appWith('');
    const response = await open.request('/mcp', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ operator: 'local' });
    expect(await (await open.request('/access')).json()).toEqual({
      operator: 'local',
      scopes: ['read', 'operate'],
    });
  });

  it("resolves each key's access: its scopes, and the same operator label whatever its scope", async () => {
    const scoped = appWith('prod-key-1,audit-key-3:read', ['GET /health']);
    const access = async (headers: Record<string, string>) =>
      (await scoped.request('/access', { headers })).json();
    expect(await access({ 'X-API-Key': 'prod-key-1' })).toEqual({
      operator: operatorLabel('prod-key-1'),
      scopes: ['read', 'operate'],
    });
    expect(await access({ Authorization: 'Bearer audit-key-3' })).toEqual({
      operator: operatorLabel('audit-key-3'),
      scopes: ['read'],
    });
    // The scope suffix is configuration, not part of the key: presenting it is a wrong key.
    expect((await scoped.request('/access', { headers: { 'X-API-Key': 'audit-key-3:read' } })).status).toBe(
      401,
    );
    expect(await (await scoped.request('/health')).json()).toEqual({ operator: 'anonymous' });
  });
});

describe('redactApiKey', () => {
  it.each([
    ['/sse?topic=jobs&key=s3cret', '/sse?topic=jobs&key=redacted'],
    ['/sse?key=s3cret&topic=jobs#frag', '/sse?key=redacted&topic=jobs#frag'],
    ['/sse?k%65y=s3cret', '/sse?k%65y=redacted'],
    ['/sse?key=a&key=b', '/sse?key=redacted&key=redacted'],
    ['/sse?monkey=banana', '/sse?monkey=banana'],
    ['/health', '/health'],
    ['http://localhost:8766/sse?key=%E0%A4%A', 'http://localhost:8766/sse?key=redacted'],
  ])('%s → %s', (url, redacted) => {
    expect(redactApiKey(url)).toBe(redacted);
  });
});

describe('apiKeyAuth refusal reasons (cockpit_auth_refusals_total)', () => {
  it('tells each refusal with its reason, and nothing for an accepted key', async () => {
    const reasons: string[] = [];
    const app = new Hono<{ Variables: ApiKeyAuthVariables }>();
    const apiKeys = parseApiKeys({ LUKHAS_MCP_API_KEYS: KEYS });
    app.use(apiKeyAuth({ apiKeys, onRefused: (reason) => reasons.push(reason) }));
    app.all('/mcp', (context) => context.json({ operator: context.get('operator') }));
    app.get('/sse', (context) => context.json({ operator: context.get('operator') }));
    expect((await app.request('/mcp', { headers: { 'X-API-Key': 'prod-key-1' } })).status).toBe(200);
    expect((await app.request('/mcp', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/mcp', { headers: { 'X-API-Key': 'wrong' } })).status).toBe(401);
    expect((await app.request('/sse?key=wrong')).status).toBe(401);
    expect((await app.request('/mcp?key=prod-key-1')).status).toBe(401);
    expect(reasons).toEqual(['missing_credential', 'invalid_key', 'invalid_key', 'credential_in_query']);
  });
});
