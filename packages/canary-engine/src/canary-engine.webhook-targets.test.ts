/**
 * Per-canary webhook URLs are chosen by whoever holds a key, so they are checked against the
 * operator's allow-list (LUKHAS_WEBHOOK_ALLOW) when the canary starts AND when each hook is called:
 * no request to an internal address, and no answer details a caller could scan ports with.
 */

import type { WebhookFetch } from '@lukhas/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryRequest, collect, type Harness, harness } from '../test/engine-harness.ts';
import { isCanaryEngineError } from './canary-engine-error.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const QUICK = { windowSeconds: 0.3, intervalSeconds: 0.1, minSamples: 1 };
const DELIVERY = { timeoutMs: 1000, retries: 2, backoffMs: 1 };

/** A fetch that records every URL it is asked for and answers `status` (or throws a network error). */
function recordingFetch(answer: number | Error = 200) {
  const urls: string[] = [];
  const fetch: WebhookFetch = async (url) => {
    urls.push(url);
    if (answer instanceof Error) throw answer;
    return { status: answer, body: null };
  };
  return { urls, fetch };
}

/** A resolver whose answers the test can change (DNS rebinding). */
function resolver(initial: Record<string, string[]>) {
  const table = new Map(Object.entries(initial));
  return {
    set: (name: string, addresses: string[]) => table.set(name, addresses),
    resolveHost: async (name: string) => {
      const addresses = table.get(name);
      if (addresses === undefined)
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return addresses;
    },
  };
}

async function startRefusal(engineHarness: Harness, webhooks: Record<string, string>) {
  const error = await engineHarness.engine
    .start(canaryRequest({ ...QUICK, webhooks }), 'mallory')
    .catch((caught: unknown) => caught);
  expect(isCanaryEngineError(error, 'WEBHOOK_NOT_ALLOWED'), String(error)).toBe(true);
  expect(await engineHarness.store.listCanaries({})).toEqual([]);
  return (error as Error).message;
}

async function webhookAudits(engineHarness: Harness) {
  const audits = await collect(engineHarness.store.auditsBetween({ from: 0, to: Date.now() + 60_000 }));
  return audits.filter((audit) => audit.action === 'canary.webhook').map((audit) => audit.details);
}

describe('per-canary webhook targets', () => {
  it('refuses every per-canary URL when LUKHAS_WEBHOOK_ALLOW is not set, naming the field, storing nothing', async () => {
    const { fetch, urls } = recordingFetch();
    h = await harness({ webhooks: { ...DELIVERY, onPromote: 'http://127.0.0.1:1/global' }, fetch });
    const message = await startRefusal(h, { onRollback: 'http://127.0.0.1:6379/?token=SECRET123' });
    expect(message).toMatch(/^webhooks\.onRollback is refused: per-canary webhook URLs are off/);
    expect(message).toContain('LUKHAS_WEBHOOK_ALLOW');
    expect(message).not.toContain('SECRET123');
    expect(urls).toEqual([]);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:6379/'],
    ['loopback, decimal', 'http://2130706433/'],
    ['loopback, hex', 'http://0x7f000001/'],
    ['loopback, short form', 'http://127.1:8080/'],
    ['unspecified', 'http://0.0.0.0:22/'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', 'http://10.0.0.5/'],
    ['private 192.168/16', 'https://192.168.1.1/'],
    ['IPv6 loopback', 'http://[::1]:6379/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique-local', 'http://[fd12:3456::1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['a listed name resolving to loopback', 'https://hooks.example.com/x'],
    ['a name that is not listed', 'https://evil.example.net/x'],
    ['a listed origin on another port', 'https://hooks.example.com:8443/x'],
    ['credentials in the URL', 'https://user:pass@hooks.example.com/x'],
  ])('refuses %s at start: %s', async (_case, url) => {
    const dns = resolver({ 'hooks.example.com': ['127.0.0.1'], 'evil.example.net': ['93.184.216.34'] });
    h = await harness({
      webhooks: { ...DELIVERY, allow: ['https://hooks.example.com', '203.0.113.0/24'] },
      resolveHost: dns.resolveHost,
      fetch: recordingFetch().fetch,
    });
    const message = await startRefusal(h, { confirmPromotion: url });
    expect(message).toMatch(/^webhooks\.confirmPromotion is refused: /);
  });

  it('accepts a listed origin resolving to a public address, and a CIDR-listed address', async () => {
    const dns = resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    const { fetch, urls } = recordingFetch();
    h = await harness({
      webhooks: { ...DELIVERY, allow: ['https://hooks.example.com', '10.1.0.0/16'] },
      resolveHost: dns.resolveHost,
      fetch,
    });
    const canary = await h.engine.start(
      canaryRequest({
        ...QUICK,
        webhooks: {
          onPromote: 'https://hooks.example.com/p?token=t0k3n',
          onRollback: 'http://10.1.2.3:8080/r',
        },
      }),
      'alice',
    );
    expect((await h.engine.whenDecided(canary.canaryId)).status).toBe('promoted');
    await h.engine.idle();
    expect(urls).toEqual(['https://hooks.example.com/p?token=t0k3n']);
  });

  it('checks the resolved address again at call time: a name rebound to 127.0.0.1 is not called', async () => {
    const dns = resolver({ 'hooks.example.com': ['93.184.216.34'] });
    const { fetch, urls } = recordingFetch();
    h = await harness({
      webhooks: { ...DELIVERY, allow: ['https://hooks.example.com'] },
      resolveHost: dns.resolveHost,
      fetch,
    });
    const canary = await h.engine.start(
      canaryRequest({ ...QUICK, webhooks: { onRollback: 'https://hooks.example.com/r' } }),
      'mallory',
    );
    dns.set('hooks.example.com', ['::ffff:127.0.0.1']);
    await h.engine.abort(canary.canaryId, { reason: 'test', operator: 'mallory' });
    await h.engine.idle();
    expect(urls).toEqual([]);
    expect(await webhookAudits(h)).toEqual([
      {
        hook: 'on_rollback',
        event: 'rolled_back',
        ok: false,
        outcome: 'refused',
        failure: 'target not allowed',
        attempts: 0,
      },
    ]);
    const lines = (await h.store.narrativeFor(canary.canaryId)).map((line) => line.message);
    expect(lines).toContain('canary lukhas-agi-v3 → webhook on_rollback refused: target not allowed');
  });

  it('blocks the promotion when the confirm hook is no longer allowed at call time', async () => {
    const dns = resolver({ 'hooks.example.com': ['93.184.216.34'] });
    const { fetch, urls } = recordingFetch();
    h = await harness({
      webhooks: { ...DELIVERY, allow: ['https://hooks.example.com'] },
      resolveHost: dns.resolveHost,
      fetch,
    });
    const canary = await h.engine.start(
      canaryRequest({ ...QUICK, webhooks: { confirmPromotion: 'https://hooks.example.com/c' } }),
      'alice',
    );
    dns.set('hooks.example.com', ['10.0.0.1']);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: { reason: 'promotion blocked: confirm_promotion refused: target not allowed' },
    });
    expect(urls).toEqual([]);
  });

  it('tells why and the audit only a failure class, never the socket error or the answer', async () => {
    const dns = resolver({ 'hooks.example.com': ['93.184.216.34'] });
    const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    h = await harness({
      webhooks: { ...DELIVERY, allow: ['https://hooks.example.com'] },
      resolveHost: dns.resolveHost,
      fetch: recordingFetch(refused).fetch,
    });
    const canary = await h.engine.start(
      canaryRequest({ ...QUICK, webhooks: { onRollback: 'https://hooks.example.com/r' } }),
      'mallory',
    );
    await h.engine.abort(canary.canaryId, { reason: 'test', operator: 'mallory' });
    await h.engine.idle();
    const lines = (await h.store.narrativeFor(canary.canaryId)).map((line) => line.message);
    expect(lines).toContain(
      'canary lukhas-agi-v3 → webhook on_rollback failed after 3 attempts: connection error',
    );
    expect(JSON.stringify(lines)).not.toContain('ECONNREFUSED');
    expect(await webhookAudits(h)).toEqual([
      {
        hook: 'on_rollback',
        event: 'rolled_back',
        ok: false,
        outcome: 'failed',
        failure: 'connection error',
        attempts: 3,
      },
    ]);
    // The operator's log keeps the detail.
    expect(h.errors.map((error) => [error.code, error.message])).toEqual([
      ['WEBHOOK_FAILED', expect.stringContaining('ECONNREFUSED')],
    ]);
  });

  it("calls the operator-set global hooks wherever they point (they are not a caller's choice)", async () => {
    const { fetch, urls } = recordingFetch();
    h = await harness({ webhooks: { ...DELIVERY, onRollback: 'http://127.0.0.1:9/ops' }, fetch });
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    await h.engine.abort(canary.canaryId, { reason: 'test', operator: 'alice' });
    await h.engine.idle();
    expect(urls).toEqual(['http://127.0.0.1:9/ops']);
  });
});
