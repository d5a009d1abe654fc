import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddressFrom } from './client-address.ts';
import { createTokenBuckets, rateLimit, rateLimitKey } from './rate-limit.ts';

function fakeClock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

function appWith(options: { capacity: number; windowMs: number; now: () => number }) {
  const app = new Hono();
  app.use(
    rateLimit({ ...options, clientAddress: (context) => context.req.header('x-test-client') ?? 'unknown' }),
  );
  app.get('/mcp', (context) => context.text('ok'));
  return app;
}

describe('rateLimit', () => {
  it('lets a full bucket through, then answers 429 with Retry-After and when to retry', async () => {
    const clock = fakeClock();
    const app = appWith({ capacity: 3, windowMs: 3_000, now: clock.now });
    for (let request = 0; request < 3; request += 1) {
      expect((await app.request('/mcp')).status).toBe(200);
    }
    const refused = await app.request('/mcp');
    expect(refused.status).toBe(429);
    // One token comes back every 1000 ms.
    expect(refused.headers.get('Retry-After')).toBe('1');
    expect(await refused.json()).toEqual({
      error: 'rate_limited',
      message: 'too many requests from this address: retry in 1 s',
      retryAfterSeconds: 1,
    });
  });

  it('refills continuously: one token per window/capacity', async () => {
    const clock = fakeClock();
    const app = appWith({ capacity: 2, windowMs: 10_000, now: clock.now });
    await app.request('/mcp');
    await app.request('/mcp');
    const refused = await app.request('/mcp');
    expect(refused.headers.get('Retry-After')).toBe('5');
    clock.advance(4_999);
    expect((await app.request('/mcp')).status).toBe(429);
    clock.advance(1);
    expect((await app.request('/mcp')).status).toBe(200);
    expect((await app.request('/mcp')).status).toBe(429);
    clock.advance(60_000);
    // Never more than a full bucket, however long the client was away.
    expect((await app.request('/mcp')).status).toBe(200);
    expect((await app.request('/mcp')).status).toBe(200);
    expect((await app.request('/mcp')).status).toBe(429);
  });

  it('rounds Retry-After up to whole seconds and never below 1', async () => {
    const clock = fakeClock();
    const app = appWith({ capacity: 60, windowMs: 10_000, now: clock.now });
    for (let request = 0; request < 60; request += 1) await app.request('/mcp');
    // A token every 166.7 ms: a wait under a second still says 1.
    expect((await app.request('/mcp')).headers.get('Retry-After')).toBe('1');
    const slow = appWith({ capacity: 1, windowMs: 2_500, now: clock.now });
    await slow.request('/mcp');
    expect((await slow.request('/mcp')).headers.get('Retry-After')).toBe('3');
  });

  it('keeps one bucket per client address', async () => {
    const clock = fakeClock();
    const app = appWith({ capacity: 1, windowMs: 10_000, now: clock.now });
    const from = (client: string) => app.request('/mcp', { headers: { 'x-test-client': client } });
    expect((await from('203.0.113.7')).status).toBe(200);
    expect((await from('203.0.113.7')).status).toBe(429);
    expect((await from('203.0.113.8')).status).toBe(200);
  });

  it("counts requests without a socket (app.request) against 'unknown' with the default client address", async () => {
    const app = new Hono();
    app.use(
      rateLimit({ capacity: 1, windowMs: 10_000, clientAddress: clientAddressFrom({ trustProxy: false }) }),
    );
    app.get('/', (context) => context.text('ok'));
    expect((await app.request('/')).status).toBe(200);
    expect((await app.request('/')).status).toBe(429);
  });
});

describe('createTokenBuckets', () => {
  it('drops buckets idle for a whole window: they would be full again anyway', () => {
    const clock = fakeClock();
    const buckets = createTokenBuckets({ capacity: 5, windowMs: 1_000, now: clock.now });
    for (let client = 0; client < 100; client += 1) buckets.take(`10.0.0.${client}`);
    expect(buckets.size).toBe(100);
    clock.advance(1_000);
    buckets.take('10.0.1.1');
    expect(buckets.size).toBe(1);
  });

  it('tracks at most maxClients, forgetting the least recently seen first', () => {
    const clock = fakeClock();
    const buckets = createTokenBuckets({ capacity: 1, windowMs: 60_000, maxClients: 3, now: clock.now });
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    buckets.take('d'); // evicts b, the least recently seen
    expect(buckets.size).toBe(3);
    expect(buckets.take('b')).toEqual({ allowed: true }); // b starts over; c is evicted
    expect(buckets.take('a').allowed).toBe(false);
    for (let client = 0; client < 10_000; client += 1) buckets.take(`flood-${client}`);
    expect(buckets.size).toBe(3);
  });

  it('survives a clock that goes backwards', () => {
    const clock = fakeClock();
    const buckets = createTokenBuckets({ capacity: 1, windowMs: 1_000, now: clock.now });
    buckets.take('a');
    clock.advance(-5_000);
    expect(buckets.take('a').allowed).toBe(false);
  });
});

describe('rateLimitKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['unknown', 'unknown'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::1', '2001:db8:1:2::/64'],
    ['2001:0db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('%s counts against %s', (address, key) => {
    expect(rateLimitKey(address)).toBe(key);
  });
});
