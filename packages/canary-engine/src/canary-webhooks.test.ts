import { createHmac } from 'node:crypto';
import type { OutboxEntry, TrafficRouter } from '@lukhas/core';
import { waitFor } from '@lukhas/test-kit';
import type { WebhookFetch } from '@lukhas/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { canaryRequest, collect, eventsOf, type Harness, harness } from '../test/engine-harness.ts';
import {
  type Answer,
  type ReceivedCall,
  startWebhookServer,
  type WebhookServer,
} from '../test/webhook-server.ts';
import { CANARY_WEBHOOK_KIND } from './canary-webhooks.ts';

// Real time, real sockets: a canary of 3 samples 100 ms apart.
const QUICK = { windowSeconds: 0.3, intervalSeconds: 0.1, minSamples: 1 };
// A hook that answers must never time out, however busy the machine (a 200 ms timeout once
// turned a prompt 204 into a second attempt under load): the timeout is far beyond any stall.
const DELIVERY = { timeoutMs: 60_000, retries: 2, backoffMs: 20 };
// For the hooks that never answer: there the timeout is the only way out, so it can be short.
const HANGING = { timeoutMs: 200 };

let server: WebhookServer | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await server?.close();
  h = undefined;
  server = undefined;
});

async function setUp(
  answer: (path: string, attempt: number, call: ReceivedCall) => Answer | Promise<Answer>,
  webhooks: Record<string, unknown>,
  options: { fetch?: (server: WebhookServer) => WebhookFetch; router?: TrafficRouter } = {},
) {
  const started = await startWebhookServer((call) => answer(call.path, call.attempt, call));
  server = started;
  const url = started.url.bind(started);
  const settings = Object.fromEntries(
    Object.entries(webhooks).map(([key, value]) => [
      key,
      typeof value === 'string' && value.startsWith('/') ? url(value) : value,
    ]),
  );
  // The test server is on loopback: its canaries' own URLs need it listed explicitly.
  h = await harness({
    webhooks: { ...DELIVERY, allow: ['127.0.0.1/32'], ...settings },
    fetch: options.fetch?.(started),
    ...(options.router === undefined ? {} : { router: options.router }),
  });
  return { server: started, h };
}

/**
 * The real fetch, except that an attempt's timeout reaches it only once the server has received
 * that attempt: on a starved machine the 200 ms timer can fire before the request is even sent,
 * and the server would see fewer attempts than the engine made. Attempts are sequential, so the
 * n-th attempt is the n-th call the server records.
 */
function abortingOnlyAfterArrival(server: WebhookServer): WebhookFetch {
  let attempts = 0;
  return (url, init) => {
    attempts += 1;
    const arrived = attempts;
    const controller = new AbortController();
    init.signal.addEventListener(
      'abort',
      () => {
        void waitFor(() => server.calls.length >= arrived, { message: `${arrived} webhook calls` }).then(() =>
          controller.abort(init.signal.reason),
        );
      },
      { once: true },
    );
    return globalThis.fetch(url, { ...init, signal: controller.signal });
  };
}

async function webhookLines(canaryId: string): Promise<string[]> {
  const lines = (await h?.store.narrativeFor(canaryId)) ?? [];
  return lines.filter((line) => line.eventType === 'webhook').map((line) => line.message);
}

describe('webhooks', () => {
  it('calls on_promote after the promotion with the decision, signed, and audits the outcome', async () => {
    const { server, h } = await setUp(() => ({ status: 204 }), { onPromote: '/promote', secret: 's3cret' });
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();

    expect(server.calls).toHaveLength(1);
    const [call] = server.calls;
    expect(call).toMatchObject({ path: '/promote', method: 'POST' });
    expect(call?.body).toEqual({
      event: 'promoted',
      canaryId: canary.canaryId,
      modelId: 'lukhas-agi-v3',
      fromGate: 'stage',
      toGate: 'production',
      rule: 'window_elapsed',
      reason: 'window of 0.3s elapsed with 0 breaches (limit 0) and 3 real samples (min 1)',
      decidedAt: canary.windowEndsAt,
    });
    expect(call?.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': `${canary.canaryId}:promoted`,
      'x-lukhas-event': 'promoted',
      'x-lukhas-signature': `sha256=${createHmac('sha256', 's3cret')
        .update(call?.rawBody ?? '')
        .digest('hex')}`,
    });
    expect(await webhookLines(canary.canaryId)).toEqual([
      'canary lukhas-agi-v3 → webhook on_promote delivered after 1 attempt',
    ]);
    const audits = await collect(h.store.auditsBetween({ from: 0, to: Date.now() + 1000 }));
    expect(audits.at(-1)).toMatchObject({
      action: 'canary.webhook',
      entityId: canary.canaryId,
      details: {
        hook: 'on_promote',
        event: 'promoted',
        ok: true,
        outcome: 'delivered',
        failure: null,
        attempts: 1,
      },
    });
    // An audit-only fact: no event on the bus.
    expect(eventsOf(h.events, canary.canaryId).at(-1)?.type).toBe('promoted');
  });

  it("calls the canary's own on_rollback URL instead of the global one", async () => {
    const { server, h } = await setUp(() => ({ status: 200 }), { onRollback: '/global-rollback' });
    const canary = await h.engine.start(
      canaryRequest({ ...QUICK, webhooks: { onRollback: server.url('/canary-rollback') } }),
      'alice',
    );
    await h.engine.abort(canary.canaryId, { reason: 'manual override', operator: 'bob' });
    await h.engine.idle();
    expect(server.calls.map((call) => [call.path, (call.body as { event: string }).event])).toEqual([
      ['/canary-rollback', 'rolled_back'],
    ]);
    expect(server.calls[0]?.body).toMatchObject({ rule: 'abort', reason: 'manual override' });
  });

  it('retries a 500 and records how many attempts it took', async () => {
    const { server, h } = await setUp((_, attempt) => ({ status: attempt < 2 ? 500 : 200 }), {
      onPromote: '/promote',
    });
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();
    expect(server.calls.map((call) => call.attempt)).toEqual([1, 2]);
    expect(await webhookLines(canary.canaryId)).toEqual([
      'canary lukhas-agi-v3 → webhook on_promote delivered after 2 attempts',
    ]);
  });

  it('gives up after the retries when the hook never answers; the decision stands', async () => {
    const { server, h } = await setUp(
      () => ({ hang: true }),
      { ...HANGING, onPromote: '/promote' },
      { fetch: abortingOnlyAfterArrival },
    );
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();
    expect(server.calls).toHaveLength(3);
    expect(await webhookLines(canary.canaryId)).toEqual([
      'canary lukhas-agi-v3 → webhook on_promote failed after 3 attempts: timeout',
    ]);
    expect(await h.store.getCanary(canary.canaryId)).toMatchObject({ status: 'promoted' });
  }, 60_000);

  it('says so when the hook is unreachable, as a class (no socket error code: a port-scan oracle)', async () => {
    const { server, h } = await setUp(() => ({ status: 200 }), {});
    const closedUrl = server.url('/gone');
    await server.close();
    const canary = await h.engine.start(canaryRequest({ ...QUICK, webhooks: { onPromote: closedUrl } }), 'a');
    await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();
    expect(await webhookLines(canary.canaryId)).toEqual([
      'canary lukhas-agi-v3 → webhook on_promote failed after 3 attempts: connection error',
    ]);
  });

  it('asks the confirm hook before recording a promotion', async () => {
    let statusWhenAsked: string | undefined;
    const { server, h } = await setUp(
      async (path, _attempt, call) => {
        if (path === '/confirm') {
          const { canaryId } = call.body as { canaryId: string };
          statusWhenAsked = (await h?.store.getCanary(canaryId))?.status;
        }
        return { status: 200 };
      },
      { confirmPromotion: '/confirm', onPromote: '/promote' },
    );
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    const decided = await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();
    expect(statusWhenAsked).toBe('running');
    expect(decided.status).toBe('promoted');
    expect(server.calls.map((call) => [call.path, (call.body as { event: string }).event])).toEqual([
      ['/confirm', 'confirm_promotion'],
      ['/promote', 'promoted'],
    ]);
    expect(await webhookLines(canary.canaryId)).toEqual([
      'canary lukhas-agi-v3 → webhook confirm_promotion delivered after 1 attempt',
      'canary lukhas-agi-v3 → webhook on_promote delivered after 1 attempt',
    ]);
  });

  it('rolls back when the confirm hook refuses (409), with the reason, and calls on_rollback', async () => {
    const { server, h } = await setUp((path) => ({ status: path === '/confirm' ? 409 : 200 }), {
      confirmPromotion: '/confirm',
      onPromote: '/promote',
      onRollback: '/rollback',
    });
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    const decided = await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();

    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: {
        outcome: 'rollback',
        rule: 'window_elapsed',
        reason: 'promotion blocked: confirm_promotion answered HTTP 4xx',
      },
      math: { rule: 'window_elapsed', outcome: 'rollback' },
    });
    expect(decided.math?.explanation).toMatch(
      /^rolled back: promotion blocked: confirm_promotion answered HTTP 4xx \(promoted: /,
    );
    // 409 is an answer, not a failure to retry.
    expect(server.calls.map((call) => call.path)).toEqual(['/confirm', '/rollback']);
    expect(await h.store.getModel('lukhas-agi-v3')).toBeUndefined();
    const last = eventsOf(h.events, canary.canaryId).at(-1);
    expect(last).toMatchObject({ type: 'rolled_back', data: { blocked: true, rule: 'window_elapsed' } });
    expect(last?.narrative).toMatch(
      /canary lukhas-agi-v3 → promotion to production blocked \(confirm_promotion answered HTTP 4xx\)$/,
    );
    expect(await webhookLines(canary.canaryId)).toEqual([
      'canary lukhas-agi-v3 → webhook confirm_promotion failed after 1 attempt: HTTP 4xx',
      'canary lukhas-agi-v3 → webhook on_rollback delivered after 1 attempt',
    ]);
  });

  it('asks the confirm hook of a canary with steps before moving its traffic to 100', async () => {
    // The router the canary drives, recording the weights it holds.
    const held: number[] = [];
    const router: TrafficRouter = {
      kind: 'webhook',
      async check() {},
      async setWeight(_split, weight) {
        held.push(weight);
        return { weight, attempts: 1, detail: `held ${weight}` };
      },
    };
    let heldWhenAsked: number[] = [];
    const { server, h } = await setUp(
      (path) => {
        if (path === '/confirm') heldWhenAsked = [...held];
        return { status: path === '/confirm' ? 409 : 200 };
      },
      { confirmPromotion: '/confirm' },
      { router },
    );
    const steps = [{ setWeight: 20 }, { pause: { seconds: 0.2 } }, { setWeight: 100 }];
    const canary = await h.engine.start(
      canaryRequest({ windowSeconds: 1, intervalSeconds: 0.1, minSamples: 1, steps }),
      'alice',
    );
    const decided = await h.engine.whenDecided(canary.canaryId);
    await h.engine.idle();
    expect(server.calls.map((call) => call.path)).toEqual(['/confirm']);
    // Asked while the router held 20: the refused promotion never got all the traffic.
    expect(heldWhenAsked).toEqual([20]);
    expect(held).toEqual([20, 0]);
    // The record and the events show only weights the router held, 0 last.
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: { reason: 'promotion blocked: confirm_promotion answered HTTP 4xx' },
      traffic: { weight: 0 },
    });
    const ladder = eventsOf(h.events, canary.canaryId)
      .filter((event) => event.type === 'step' || event.type === 'rolled_back')
      .map((event) => `${event.type} ${(event.data as { weight?: number }).weight ?? ''}`.trim());
    expect(ladder).toEqual(['step 20', 'step 0', 'rolled_back']);
  });

  it('rolls back when the confirm hook cannot be reached in time', async () => {
    const { h } = await setUp(() => ({ hang: true }), { ...HANGING, confirmPromotion: '/confirm' });
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision?.reason).toBe(
      'promotion blocked: confirm_promotion failed after 3 attempts: timeout',
    );
  }, 60_000);

  it('does not ask the confirm hook for a rollback', async () => {
    const { server, h } = await setUp(() => ({ status: 200 }), { confirmPromotion: '/confirm' });
    h.monitor.set({}, { error_rate: 0.5 });
    const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
    expect(await h.engine.whenDecided(canary.canaryId)).toMatchObject({ decision: { rule: 'breach_limit' } });
    await h.engine.idle();
    expect(server.calls).toEqual([]);
  });

  describe('through the outbox', () => {
    const claimAll = (harness: Harness) =>
      harness.store.claimOutbox({ owner: 'relay', now: Date.now() + 3_600_000, leaseMs: 60_000, limit: 10 });

    it('stores the call with the decision and settles it once the receiver took it', async () => {
      const { server, h } = await setUp(() => ({ status: 204 }), { onPromote: '/promote' });
      const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
      await h.engine.whenDecided(canary.canaryId);
      await h.engine.idle();
      expect(server.calls).toHaveLength(1);
      expect(await h.store.outboxStats(Date.now())).toEqual({ depth: 0, oldestAgeSeconds: 0 });
      const row = await h.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        key: `${canary.canaryId}:promoted`,
        kind: CANARY_WEBHOOK_KIND,
        entity_id: canary.canaryId,
        outcome: 'delivered',
        attempts: 1,
      });
      // The operator's URL is read from the settings at each attempt, never stored.
      expect(JSON.parse(row.payload)).toMatchObject({ hook: 'on_promote', ownUrl: null });
    });

    it('keeps the call of a receiver that is down, and delivers it again once it is back', async () => {
      let up = false;
      const { server, h } = await setUp(() => ({ status: up ? 200 : 503 }), { onRollback: '/rollback' });
      const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
      await h.engine.abort(canary.canaryId, { reason: 'manual override', operator: 'bob' });
      await h.engine.idle();
      expect(server.calls).toHaveLength(1 + DELIVERY.retries);
      expect(await h.store.outboxStats(Date.now())).toMatchObject({ depth: 1 });

      up = true;
      const [entry] = await claimAll(h);
      expect(entry).toMatchObject({ key: `${canary.canaryId}:rolled_back`, attempts: 1 });
      const settlement = await h.engine.redeliverWebhook(entry as OutboxEntry);
      expect(settlement).toEqual({ outcome: 'delivered' });
      // As a relay does: it settles what its attempt gave.
      await h.store.settleOutbox(entry?.key as string, { outcome: 'delivered', at: Date.now() });
      const last = server.calls.at(-1);
      expect(last?.headers).toMatchObject({ 'idempotency-key': `${canary.canaryId}:rolled_back` });
      expect(last?.body).toMatchObject({ event: 'rolled_back', rule: 'abort', reason: 'manual override' });
      expect(await h.store.outboxStats(Date.now())).toEqual({ depth: 0, oldestAgeSeconds: 0 });
      expect(await webhookLines(canary.canaryId)).toEqual([
        'canary lukhas-agi-v3 → webhook on_rollback failed after 3 attempts: HTTP 5xx',
        'canary lukhas-agi-v3 → webhook on_rollback delivered after 1 attempt',
      ]);
    });

    it('gives up on a final answer (4xx) instead of retrying it for ever', async () => {
      const { h } = await setUp(() => ({ status: 410 }), { onPromote: '/promote' });
      const canary = await h.engine.start(canaryRequest(QUICK), 'alice');
      await h.engine.whenDecided(canary.canaryId);
      await h.engine.idle();
      expect(await h.store.outboxStats(Date.now())).toMatchObject({ depth: 0 });
      const row = await h.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ outcome: 'given_up', last_error: 'HTTP 4xx' });
    });
  });
});
