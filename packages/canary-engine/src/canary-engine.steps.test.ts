import type { CockpitEvent, OutboxEntry, TrafficRouter, TrafficSplit } from '@lukhas/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, collect, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';
import { ROUTER_WEIGHT_KIND } from './router-redelivery.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * A router that records every weight it is asked for, in order, and fails when told to. Given the
 * harness's event list (`watch`), it also notes how many events were published before each call.
 * `failAfterMs` lets the clock run on during a failing call, as a router's retries do.
 */
function recordingRouter(options: { failAt?: number; refuseRoute?: string; failAfterMs?: number } = {}) {
  const weights: number[] = [];
  const keys: string[] = [];
  const calls: { weight: number; eventsBefore: number }[] = [];
  let events: readonly CockpitEvent[] = [];
  const router: TrafficRouter = {
    kind: 'webhook',
    async check(_split: TrafficSplit) {
      if (options.refuseRoute !== undefined) throw new Error(options.refuseRoute);
    },
    async setWeight(_split, weight, { idempotencyKey }) {
      calls.push({ weight, eventsBefore: events.length });
      if (options.failAt === weight) {
        if (options.failAfterMs !== undefined) vi.setSystemTime(Date.now() + options.failAfterMs);
        throw new Error('traffic webhook answered HTTP 5xx after 3 attempts');
      }
      weights.push(weight);
      keys.push(idempotencyKey);
      return { weight, attempts: 1, detail: `webhook ${weight}` };
    },
  };
  const watch = (published: readonly CockpitEvent[]) => {
    events = published;
  };
  return { router, weights, keys, calls, watch };
}

/** The canary's events other than samples, as `type weight` (`step 50`, `promoted`). */
function ladderEvents(events: readonly CockpitEvent[], canaryId: string): string[] {
  return eventsOf(events, canaryId)
    .filter((event) => event.type !== 'metric')
    .map((event) => {
      const weight = (event.data as { weight?: number }).weight;
      return event.type === 'step' ? `step ${weight}` : event.type;
    });
}

// 10 % at once, 30 s at 10 % (3 samples of 10 s), then 50 % until a person promotes, then 100 %.
const ladder = {
  windowSeconds: 600,
  intervalSeconds: 10,
  minSamples: 3,
  steps: [
    { setWeight: 10 },
    { pause: { seconds: 30 } },
    { setWeight: 50 },
    { pause: {} },
    { setWeight: 100 },
  ],
};

describe('a canary with steps', () => {
  it('walks the ladder, waits paused while healthy, and promote_canary finishes it', async () => {
    const { router, weights } = recordingRouter();
    const h = await harness({ router });
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    expect(canary.traffic).toEqual({ weight: 0, stepIndex: 0, stepCount: 5, promotions: [] });
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.idle();
    expect(weights).toEqual([10]);

    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await h.engine.idle();
    expect(weights).toEqual([10, 50]);
    const paused = await h.store.getCanary(canary.canaryId);
    expect(paused).toMatchObject({ status: 'paused', traffic: { weight: 50, stepIndex: 3 } });

    // Healthy and paused for five more minutes: still paused, still sampling.
    await vi.advanceTimersByTimeAsync(300 * SECOND);
    await h.engine.idle();
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('paused');
    expect((await h.store.samplesOf(canary.canaryId)).length).toBe(33);

    const resumed = await h.engine.promote(canary.canaryId, { operator: 'bob' });
    expect(resumed).toMatchObject({ status: 'promoted', decision: { rule: 'steps_completed' } });
    expect(weights).toEqual([10, 50, 100]);
    expect(resumed.traffic).toMatchObject({ weight: 100, promotions: [{ full: false, operator: 'bob' }] });
    // The final weight is a step like the others, published before the decision.
    expect(ladderEvents(h.events, canary.canaryId)).toEqual([
      'started',
      'step 10',
      'step 50',
      'paused',
      'resumed',
      'step 100',
      'promoted',
    ]);
    const narrative = eventsOf(h.events, canary.canaryId)
      .filter((event) => event.type !== 'metric')
      .map((event) => event.narrative.slice(19));
    expect(narrative).toEqual([
      'canary lukhas-agi-v3 → stage to production (SLO monitoring)',
      'canary lukhas-agi-v3 → 10% to production',
      'canary lukhas-agi-v3 → 50% to production',
      'canary lukhas-agi-v3 → paused at 50%: waiting for promote',
      'canary lukhas-agi-v3 → resumed at 50% by bob',
      'canary lukhas-agi-v3 → 100% to production (promoting)',
      'promoted lukhas-agi-v3 → production (lat=120ms, err=0.2%)',
    ]);
    await h.close();
  });

  it('never takes the traffic back when a sample due before a promotion runs after it (a late timer)', async () => {
    const { router, weights } = recordingRouter();
    // The engine's clock runs 0.9 s ahead of its timers, as on a loaded machine where a timer fires
    // late (within the late grace): the promotion reads a time past the next sample's due time,
    // while that sample's timer has not fired yet.
    let lateBy = 0;
    const h = await harness({ router, clock: { now: () => Date.now() + lateBy } });
    const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: { seconds: 120 } }];
    const canary = await h.engine.start(canaryRequest({ ...ladder, steps }), 'alice');
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.idle();
    expect(weights).toEqual([20]);

    lateBy = 900;
    await vi.advanceTimersByTimeAsync(9.5 * SECOND);
    await h.engine.promote(canary.canaryId, { operator: 'bob' });
    expect(weights).toEqual([20, 60]);
    // The sample due at 10 s runs now, after the promotion at 10.4 s.
    await vi.advanceTimersByTimeAsync(0.5 * SECOND);
    await h.engine.idle();
    expect((await h.store.samplesOf(canary.canaryId)).length).toBe(1);
    expect(weights).toEqual([20, 60]);
    expect(await h.store.getCanary(canary.canaryId)).toMatchObject({
      status: 'running',
      traffic: { weight: 60 },
    });
    await h.close();
  });

  it('skips every remaining step with full: true, audited as such', async () => {
    const { router, weights } = recordingRouter();
    const h = await harness({ router });
    const steps = [{ setWeight: 5 }, { pause: {} }, { setWeight: 25 }, { pause: {} }, { setWeight: 75 }];
    const canary = await h.engine.start(canaryRequest({ ...ladder, steps }), 'alice');
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.idle();
    const decided = await h.engine.promote(canary.canaryId, { operator: 'bob', full: true });
    expect(decided).toMatchObject({ status: 'promoted', decision: { rule: 'steps_completed' } });
    expect(decided.decision?.reason).toMatch(/skipped the remaining steps/);
    expect(weights).toEqual([5, 100]);
    const audits = await collect(h.store.auditsBetween({ from: T0, to: T0 + 3600 * SECOND }));
    expect(audits.map((audit) => audit.action)).toContain('canary.promoted_in_full');
    const lines = (await h.store.narrativeFor(canary.canaryId)).map((entry) => entry.message);
    expect(lines).toContain(
      'canary lukhas-agi-v3 → promoted in full from 5% by bob (remaining steps skipped)',
    );
    await h.close();
  });

  it('rolls back on a breach during a step, with the weight at 0 before the decision is published', async () => {
    const { router, weights } = recordingRouter();
    const h = await harness({ router });
    h.monitor.set({}, (index) => (index === 4 ? { latency_p95_ms: 900 } : {}));
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    await h.engine.idle();
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'breach_limit' },
      traffic: { weight: 0 },
    });
    expect(weights).toEqual([10, 50, 0]);
    await h.close();
  });

  it('moves the router, then publishes the final weight as a step, then the decision', async () => {
    const promoting = recordingRouter();
    const h = await harness({ router: promoting.router });
    promoting.watch(h.events);
    const steps = [{ setWeight: 5 }, { pause: {} }, { setWeight: 25 }];
    const promoted = await h.engine.start(canaryRequest({ ...ladder, steps }), 'alice');
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.idle();
    await h.engine.promote(promoted.canaryId, { operator: 'bob', full: true });
    expect(ladderEvents(h.events, promoted.canaryId)).toEqual([
      'started',
      'step 5',
      'paused',
      'resumed',
      'step 100',
      'promoted',
    ]);
    // The router took 100 before the step 100 event (and so before `promoted`) was published.
    const hundred = promoting.calls.find((call) => call.weight === 100);
    expect(h.events[hundred?.eventsBefore ?? -1]).toMatchObject({ type: 'step', data: { weight: 100 } });
    const final = eventsOf(h.events, promoted.canaryId).find(
      (event) => event.type === 'step' && (event.data as { weight: number }).weight === 100,
    );
    expect(final?.data).toMatchObject({ index: 3, count: 3, step: { setWeight: 100 } });
    expect(await h.store.getCanary(promoted.canaryId)).toMatchObject({
      status: 'promoted',
      traffic: { weight: 100, stepIndex: 3 },
    });
    const audits = await collect(h.store.auditsBetween({ from: T0, to: T0 + 3600 * SECOND }));
    expect(audits.filter((audit) => audit.action === 'canary.step').at(-1)?.details).toMatchObject({
      weight: 100,
      final: 'promote',
      router: 'webhook',
      applied: 'webhook 100',
    });
    await h.close();
  });

  it('takes the traffic to 0 through the router, publishes step 0, then rolled_back', async () => {
    const rolling = recordingRouter();
    const h = await harness({ router: rolling.router });
    rolling.watch(h.events);
    h.monitor.set({}, (index) => (index === 4 ? { latency_p95_ms: 900 } : {}));
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(60 * SECOND);
    await h.engine.idle();
    expect(ladderEvents(h.events, canary.canaryId)).toEqual([
      'started',
      'step 10',
      'step 50',
      'paused',
      'step 0',
      'rolled_back',
    ]);
    const zero = rolling.calls.find((call) => call.weight === 0);
    expect(h.events[zero?.eventsBefore ?? -1]).toMatchObject({ type: 'step', data: { weight: 0 } });
    const lines = (await h.store.narrativeFor(canary.canaryId)).map((entry) => entry.message);
    expect(lines).toContain('canary lukhas-agi-v3 → 0% to production (rolling back)');
    expect(await h.store.getCanary(canary.canaryId)).toMatchObject({
      status: 'rolled_back',
      traffic: { weight: 0, stepIndex: 3 },
    });
    await h.close();
  });

  it('rolls back once when a step fails while the clock runs on through the router retries', async () => {
    // The failure comes back 5 s after the weight was due: the rule must see it at that step
    // (it once re-asked for the same weight forever).
    const { router, calls, weights } = recordingRouter({ failAt: 50, failAfterMs: 5 * SECOND });
    const h = await harness({ router });
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await h.engine.idle();
    expect(await h.engine.whenDecided(canary.canaryId)).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'router_failed' },
      traffic: { weight: 0 },
    });
    expect(calls.map((call) => call.weight)).toEqual([10, 50, 0]);
    expect(weights).toEqual([10, 0]);
    await h.close();
  });

  it('rolls back with router_failed when the router cannot take 100 at the promotion', async () => {
    const { router, calls } = recordingRouter({ failAt: 100, failAfterMs: 5 * SECOND });
    const h = await harness({ router });
    const steps = [{ setWeight: 5 }, { pause: {} }, { setWeight: 25 }];
    const canary = await h.engine.start(canaryRequest({ ...ladder, steps }), 'alice');
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.idle();
    const decided = await h.engine.promote(canary.canaryId, { operator: 'bob', full: true });
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'router_failed' },
      traffic: { weight: 0 },
    });
    expect(calls.map((call) => call.weight)).toEqual([5, 100, 0]);
    // No 100 was ever published: the router never held it.
    expect(ladderEvents(h.events, canary.canaryId)).toEqual([
      'started',
      'step 5',
      'paused',
      'resumed',
      'step 0',
      'rolled_back',
    ]);
    await h.close();
  });

  it('refuses promote on a canary that is not paused, and aborts at any step', async () => {
    const { router, weights } = recordingRouter();
    const h = await harness({ router });
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    await h.engine.idle();
    await expect(h.engine.promote(canary.canaryId, { operator: 'bob' })).rejects.toMatchObject({
      code: 'CANARY_NOT_PAUSED',
      message: expect.stringContaining('is not paused: it is running at step 2 of 5 (10%)'),
    });
    const aborted = await h.engine.abort(canary.canaryId, { reason: 'manual', operator: 'bob' });
    expect(aborted).toMatchObject({ status: 'rolled_back', decision: { rule: 'abort' } });
    expect(weights).toEqual([10, 0]);
    await expect(h.engine.promote(canary.canaryId, { operator: 'bob' })).rejects.toMatchObject({
      code: 'CANARY_ALREADY_DECIDED',
    });
    await expect(h.engine.promote('canary_nope', { operator: 'bob' })).rejects.toMatchObject({
      code: 'CANARY_NOT_FOUND',
    });
    await h.close();
  });

  it('rolls back with router_failed when the router keeps failing, and still tries weight 0', async () => {
    const { router, weights } = recordingRouter({ failAt: 50 });
    const h = await harness({ router });
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await h.engine.idle();
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: {
        rule: 'router_failed',
        reason: 'traffic router failed: traffic webhook answered HTTP 5xx after 3 attempts',
      },
    });
    expect(weights).toEqual([10, 0]);
    expect(h.errors.map((error) => error.code)).toContain('ROUTER_FAILED');
    await h.close();
  });

  it('owes the router its weight 0 when it failed at a rollback, and makes that call from the outbox', async () => {
    const failing: { failAt?: number } = { failAt: 0 };
    const { router, weights, keys } = recordingRouter(failing);
    const h = await harness({ router });
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(0);
    await h.engine.idle();
    const decided = await h.engine.abort(canary.canaryId, { reason: 'manual override', operator: 'bob' });
    expect(decided).toMatchObject({ status: 'rolled_back', traffic: { weight: 10 } });
    expect(weights).toEqual([10]); // the router still sends 10% to toGate

    const owed = await h.store.claimOutbox({
      owner: 'relay',
      now: Date.now() + 3_600_000,
      leaseMs: 60_000,
      limit: 10,
    });
    expect(owed).toEqual([
      expect.objectContaining({ kind: ROUTER_WEIGHT_KIND, key: `${canary.canaryId}/rollback/0` }),
    ]);
    failing.failAt = undefined; // the router is back
    expect(await h.engine.redeliverRouterWeight(owed[0] as OutboxEntry)).toEqual({ outcome: 'delivered' });
    expect(weights).toEqual([10, 0]);
    expect(keys.at(-1)).toBe(`${canary.canaryId}/rollback/0`); // the key the decision's own call had
    const lines = (await h.store.narrativeFor(canary.canaryId)).map((line) => line.message);
    expect(lines.at(-1)).toBe(
      'canary lukhas-agi-v3 → traffic router webhook took 0% (owed since the decision)',
    );
    await h.close();
  });

  it('refuses to start a canary whose route the router rejects, storing nothing', async () => {
    const { router } = recordingRouter({ refuseRoute: 'No such backend.' });
    const h = await harness({ router });
    await expect(h.engine.start(canaryRequest(ladder), 'alice')).rejects.toMatchObject({
      code: 'ROUTE_REFUSED',
      message: expect.stringContaining('No such backend.'),
    });
    expect(await h.store.listCanaries({})).toEqual([]);
    // Without steps the router is never asked.
    const plain = await h.engine.start(canaryRequest(), 'alice');
    expect(plain.traffic).toBeNull();
    await h.close();
  });

  it('after a restart, re-applies the current weight and keeps the step clock', async () => {
    const first = recordingRouter();
    const h = await harness({ router: first.router });
    const canary = await h.engine.start(canaryRequest(ladder), 'alice');
    await vi.advanceTimersByTimeAsync(15 * SECOND);
    await h.engine.idle();
    await h.engine.stop();
    const second = recordingRouter();
    const again = h.engineAgain({ router: second.router });
    expect(await again.resume()).toEqual({ resumed: [canary.canaryId], deciding: [] });
    await vi.advanceTimersByTimeAsync(0);
    await again.idle();
    expect(second.weights).toEqual([10]);
    // The pause began at T0: it ends at T0 + 30 s, not 30 s after the restart.
    await vi.advanceTimersByTimeAsync(15 * SECOND);
    await again.idle();
    expect(second.weights).toEqual([10, 50]);
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('paused');
    await h.close();
  });
});
