import type { SloMonitor, SloReading } from '@lukhas/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, eventsOf, harness, SECOND, T0 } from '../test/engine-harness.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const HEALTHY: SloReading = { values: { latency_p95_ms: 100, error_rate: 0.001, drift: null }, reasons: {} };

describe('samples the monitor could not give', () => {
  it('stores a reading of nulls as a fallback sample that breaches', async () => {
    const h = await harness();
    h.monitor.set(
      {},
      { latency_p95_ms: null, reasons: { latency_p95_ms: 'prometheus unreachable: ECONNREFUSED' } },
    );
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision).toMatchObject({ outcome: 'rollback', rule: 'breach_limit' });
    const [sample] = await h.store.samplesOf(canary.canaryId);
    expect(sample).toMatchObject({
      seq: 1,
      fallback: true,
      observed: { latency_p95_ms: null, error_rate: 0.002 },
      values: { latency_p95_ms: 9999, error_rate: 0.002 },
      fallbackReasons: { latency_p95_ms: 'prometheus unreachable: ECONNREFUSED' },
    });
    expect(eventsOf(h.events, canary.canaryId)[1]?.narrative).toBe(
      '[2025-10-03 14:20] canary lukhas-agi-v3 → sample 1 fallback (prometheus unreachable: ECONNREFUSED): lat=9999ms > 500ms',
    );
    await h.close();
  });

  it('turns a monitor that throws into a fallback sample, never a crash', async () => {
    const monitor: SloMonitor = {
      mode: 'prometheus',
      sample: async () => {
        throw new Error('socket hang up');
      },
    };
    const h = await harness({ monitor });
    const canary = await h.engine.start(canaryRequest({ failureLimit: 4 }), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided.decision).toMatchObject({ rule: 'insufficient_data' });
    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples).toHaveLength(4);
    expect(samples.every((sample) => sample.fallback && sample.breached)).toBe(true);
    expect(samples[0]?.fallbackReasons).toEqual({
      latency_p95_ms: 'SLO monitor failed: socket hang up',
      error_rate: 'SLO monitor failed: socket hang up',
    });
    expect(h.errors).toEqual([]);
    await h.close();
  });

  it('times out a hanging monitor (default: 80% of the interval, at most 10 s) and never promotes', async () => {
    const h = await harness();
    h.monitor.set({}, { hang: true });
    const canary = await h.engine.start(
      canaryRequest({ intervalSeconds: 10, windowSeconds: 40, failureLimit: 4 }),
      'a',
    );
    await vi.advanceTimersByTimeAsync(18 * SECOND - 1);
    expect(await h.store.samplesOf(canary.canaryId)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    const [first] = await h.store.samplesOf(canary.canaryId);
    // Taken at its due time; stored when the 8 s timeout fired.
    expect(first).toMatchObject({ seq: 1, at: T0 + 10 * SECOND, fallback: true });
    expect(first?.fallbackReasons.latency_p95_ms).toBe('SLO monitor timed out after 8000ms');
    expect(eventsOf(h.events, canary.canaryId)[1]?.ts).toBe('2025-10-03T14:20:18.000Z');
    await vi.advanceTimersByTimeAsync(40 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({ status: 'rolled_back', decision: { rule: 'insufficient_data' } });
    expect(decided.decidedAt).toBe('2025-10-03T14:20:40.000Z');
    await h.close();
  });

  it('takes the sample due at the window end before deciding, even when it is slow', async () => {
    const h = await harness({ sampleTimeoutMs: 5 * SECOND });
    h.monitor.set({}, (index) => (index === 3 ? { delayMs: 4 * SECOND, error_rate: 0.5 } : {}));
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(4 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      decision: { rule: 'breach_limit' },
      decidedAt: '2025-10-03T14:22:00.000Z',
    });
    await h.close();
  });
});

describe('abort', () => {
  it('rolls back before the first sample, and samples nothing', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(12 * SECOND);
    const aborted = await h.engine.abort(canary.canaryId, { reason: 'manual override', operator: 'bob' });
    expect(aborted).toMatchObject({
      status: 'rolled_back',
      decidedAt: '2025-10-03T14:20:12.000Z',
      decision: { outcome: 'rollback', rule: 'abort', reason: 'manual override' },
    });
    await vi.advanceTimersByTimeAsync(200 * SECOND);
    expect(h.monitor.calls()).toEqual([]);
    const events = eventsOf(h.events, canary.canaryId);
    expect(events.map((event) => event.type)).toEqual(['started', 'rolled_back']);
    expect(events[1]?.data).toMatchObject({ reason: 'manual override', duration: '12s', rule: 'abort' });
    expect(events[1]?.narrative).toBe(
      '[2025-10-03 14:20] rolled back lukhas-agi-v3 → stage (aborted: manual override)',
    );
    const lines = await h.store.narrativeFor(canary.canaryId);
    expect(lines.at(-1)?.operator).toBe('bob');
    await h.close();
  });

  it('rolls back between samples, keeping the samples taken', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(65 * SECOND);
    const aborted = await h.engine.abort(canary.canaryId, { operator: 'bob' });
    expect(aborted.decision).toEqual({ outcome: 'rollback', rule: 'abort', reason: 'no reason given' });
    expect(aborted.math?.counts.samples).toBe(2);
    await vi.advanceTimersByTimeAsync(100 * SECOND);
    expect(await h.store.samplesOf(canary.canaryId)).toHaveLength(2);
    await h.close();
  });

  it('cancels a sample hanging in flight: one decision, no sample stored for it', async () => {
    const h = await harness();
    h.monitor.set({}, { hang: true });
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(31 * SECOND);
    expect(h.monitor.calls()).toHaveLength(1);
    const aborted = await h.engine.abort(canary.canaryId, { reason: 'stuck', operator: 'bob' });
    expect(aborted).toMatchObject({ status: 'rolled_back', decidedAt: '2025-10-03T14:20:31.000Z' });
    await vi.advanceTimersByTimeAsync(200 * SECOND);
    await h.engine.idle();
    expect(await h.store.samplesOf(canary.canaryId)).toEqual([]);
    expect(eventsOf(h.events, canary.canaryId).map((event) => event.type)).toEqual([
      'started',
      'rolled_back',
    ]);
    await h.close();
  });

  it('discards the late answer of a monitor that ignores the abort signal', async () => {
    let answered = 0;
    const monitor: SloMonitor = {
      mode: 'prometheus',
      sample: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            answered += 1;
            resolve(HEALTHY);
          }, 5 * SECOND),
        ),
    };
    const h = await harness({ monitor });
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(32 * SECOND);
    await h.engine.abort(canary.canaryId, { reason: 'bad deploy', operator: 'bob' });
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    expect(answered).toBe(1);
    expect(await h.store.samplesOf(canary.canaryId)).toEqual([]);
    expect(eventsOf(h.events, canary.canaryId).map((event) => event.type)).toEqual([
      'started',
      'rolled_back',
    ]);
    await h.close();
  });

  it('answers CANARY_ALREADY_DECIDED after the decision, and CANARY_NOT_FOUND for an unknown id', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    await h.engine.whenDecided(canary.canaryId);
    await expect(h.engine.abort(canary.canaryId, { reason: 'late', operator: 'bob' })).rejects.toMatchObject({
      name: 'DomainError',
      code: 'CANARY_ALREADY_DECIDED',
      message: expect.stringContaining('was already promoted at 2025-10-03T14:22:00.000Z (window_elapsed'),
    });
    await expect(h.engine.abort('canary_nope', { operator: 'bob' })).rejects.toMatchObject({
      name: 'CanaryEngineError',
      code: 'CANARY_NOT_FOUND',
    });
    await h.close();
  });

  it('decides once when two aborts race: the second is told it is already decided', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(40 * SECOND);
    const [first, second] = await Promise.allSettled([
      h.engine.abort(canary.canaryId, { reason: 'one', operator: 'bob' }),
      h.engine.abort(canary.canaryId, { reason: 'two', operator: 'carol' }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { decision: { reason: 'one' } } });
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'CANARY_ALREADY_DECIDED' } });
    expect(eventsOf(h.events, canary.canaryId).filter((event) => event.type === 'rolled_back')).toHaveLength(
      1,
    );
    await h.close();
  });

  it('is too late once the window ended: the window decision (with its last sample) stands', async () => {
    const h = await harness();
    h.monitor.set({}, (index) => (index === 3 ? { delayMs: 3 * SECOND } : {}));
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(121 * SECOND);
    const abort = h.engine.abort(canary.canaryId, { reason: 'too late', operator: 'bob' });
    const rejected = expect(abort).rejects.toMatchObject({ code: 'CANARY_ALREADY_DECIDED' });
    await vi.advanceTimersByTimeAsync(2 * SECOND);
    await rejected;
    const decided = await h.store.getCanary(canary.canaryId);
    expect(decided).toMatchObject({ status: 'promoted', math: { counts: { samples: 4 } } });
    await h.close();
  });

  it('rolls back a running canary no engine runs (an orphan) when aborted', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    await h.engine.stop();
    const other = h.engineAgain();
    const aborted = await other.abort(canary.canaryId, { reason: 'orphan', operator: 'bob' });
    expect(aborted).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'abort' },
      math: { counts: { samples: 1 } },
    });
    await h.close();
  });
});

describe('store failures', () => {
  it('goes on sampling when a sample cannot be stored, and decides from what was stored', async () => {
    const h = await harness();
    let failures = 1;
    const store = {
      ...h.store,
      recordTransition: (record: Parameters<typeof h.store.recordTransition>[0]) => {
        if (record.sample?.seq === 2 && failures-- > 0) return Promise.reject(new Error('disk I/O error'));
        return h.store.recordTransition(record);
      },
    };
    const engine = h.engineAgain({ store });
    const canary = await engine.start(canaryRequest({ modelId: 'flaky-disk' }), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    const decided = await engine.whenDecided(canary.canaryId);
    expect(h.errors.map((error) => [error.code, error.message])).toEqual([
      ['SAMPLE_NOT_STORED', `sample 2 of canary ${canary.canaryId}: disk I/O error`],
    ]);
    // The sample that failed is retaken under the same seq at the next due time.
    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples.map((sample) => [sample.seq, (sample.at - T0) / SECOND])).toEqual([
      [1, 30],
      [2, 90],
      [3, 120],
    ]);
    expect(decided.math?.counts.samples).toBe(3);
    await h.close();
  });

  it('retries a decision the store refused, then records it once', async () => {
    const h = await harness();
    let failures = 1;
    const store = {
      ...h.store,
      recordTransition: (record: Parameters<typeof h.store.recordTransition>[0]) => {
        if (record.event.type === 'promoted' && failures-- > 0)
          return Promise.reject(new Error('database is locked'));
        return h.store.recordTransition(record);
      },
    };
    const engine = h.engineAgain({ store });
    const canary = await engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');
    await vi.advanceTimersByTimeAsync(SECOND);
    expect(await engine.whenDecided(canary.canaryId)).toMatchObject({
      status: 'promoted',
      decidedAt: '2025-10-03T14:22:00.000Z',
    });
    expect(eventsOf(h.events, canary.canaryId).filter((event) => event.type === 'promoted')).toHaveLength(1);
    expect(h.errors).toEqual([]);
    await h.close();
  });

  it('counts a change stored despite a failing event listener as stored, and reports it', async () => {
    const h = await harness();
    const store = {
      ...h.store,
      recordTransition: async (record: Parameters<typeof h.store.recordTransition>[0]) => {
        await h.store.recordTransition(record);
        if (record.event.type === 'promoted' || record.sample?.seq === 1) {
          throw Object.assign(new Error('Event 9 was stored, but the onEvent listener threw: bus closed'), {
            code: 'EVENT_LISTENER_FAILED',
          });
        }
        return h.events.at(-1) as NonNullable<(typeof h.events)[number]>;
      },
    };
    const engine = h.engineAgain({ store });
    const canary = await engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    expect(await engine.whenDecided(canary.canaryId)).toMatchObject({ status: 'promoted' });
    expect((await h.store.samplesOf(canary.canaryId)).map((sample) => sample.seq)).toEqual([1, 2, 3, 4]);
    expect(h.errors.map((error) => error.code)).toEqual(['EVENT_NOT_PUBLISHED', 'EVENT_NOT_PUBLISHED']);
    await h.close();
  });

  it('refuses options it cannot use', async () => {
    const h = await harness();
    expect(() => h.engineAgain({ sampleTimeoutMs: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ENGINE_OPTIONS' }),
    );
    expect(() => h.engineAgain({ maxSamplesInFlight: 0.5 })).toThrow(
      'maxSamplesInFlight must be a positive integer, got 0.5',
    );
    expect(() => h.engineAgain({ webhooks: { onPromote: 'mailto:ops@example.com' } })).toThrow(
      'webhooks.onPromote must be an http(s) URL',
    );
    expect(() => h.engineAgain({ webhooks: { retries: -1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_WEBHOOK_SETTINGS' }),
    );
    await h.close();
  });
});

describe('a missed stretch (issue 10, finding 3)', () => {
  // The engine's clock runs `skew` ahead of its timers: as if the event loop had been blocked for
  // that long and the timer armed before the stall fired only now.
  function stalledClock() {
    let skew = 0;
    return { clock: { now: () => Date.now() + skew }, stall: (ms: number) => (skew += ms) };
  }

  it('takes one sample for the latest slot due after a stall, then samples on and decides by the rule', async () => {
    const { clock, stall } = stalledClock();
    const h = await harness({ clock });
    const canary = await h.engine.start(canaryRequest({ windowSeconds: 300 }), 'alice');
    stall(100 * SECOND);
    await vi.advanceTimersByTimeAsync(30 * SECOND); // the timer of the sample due at 30 s fires at 130 s
    expect(h.monitor.calls()).toHaveLength(1);
    expect((await h.store.samplesOf(canary.canaryId)).map((sample) => (sample.at - T0) / SECOND)).toEqual([
      120,
    ]);

    await vi.advanceTimersByTimeAsync(200 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    const samples = await h.store.samplesOf(canary.canaryId);
    expect(samples.map((sample) => [sample.seq, (sample.at - T0) / SECOND])).toEqual([
      [1, 120],
      [2, 150],
      [3, 180],
      [4, 210],
      [5, 240],
      [6, 270],
      [7, 300],
    ]);
    expect(decided).toMatchObject({
      status: 'promoted',
      decidedAt: '2025-10-03T14:25:00.000Z',
      math: { counts: { samples: 7 } },
    });
    await h.close();
  });

  it('samples once and decides when the stall outlasted the window, never once per overdue slot', async () => {
    const { clock, stall } = stalledClock();
    const h = await harness({ clock });
    const canary = await h.engine.start(canaryRequest(), 'alice');
    stall(500 * SECOND);
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(h.monitor.calls()).toHaveLength(1);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decidedAt: '2025-10-03T14:22:00.000Z',
      decision: { rule: 'insufficient_data', reason: '1 of 3 required real samples (0 fallback)' },
    });
    await h.close();
  });

  it('still takes each slot when a timer is only a little late (a busy machine)', async () => {
    const { clock, stall } = stalledClock();
    const h = await harness({ clock });
    const canary = await h.engine.start(canaryRequest(), 'alice');
    stall(800);
    await vi.advanceTimersByTimeAsync(120 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect((await h.store.samplesOf(canary.canaryId)).map((sample) => (sample.at - T0) / SECOND)).toEqual([
      30, 60, 90, 120,
    ]);
    expect(decided.status).toBe('promoted');
    await h.close();
  });
});
