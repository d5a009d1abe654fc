/**
 * Issue 10: a canary never stays running because something failed after it was stored, an abort
 * answers within a second whatever the store does, and a store that refuses writes for a while
 * (disk full) and then accepts them again leaves nothing stuck.
 */
import type { SloMonitor, SloReading, TransitionRecord } from '@lukhas/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { canaryRequest, eventsOf, type Harness, harness, SECOND, T0 } from '../test/engine-harness.ts';

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** What SQLite (better-sqlite3) throws when the disk is full. */
function diskFull(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}

/**
 * The harness store with faults to switch on and off: `full` refuses every write as SQLite does on
 * a full disk; `hangWhen` holds back the matching write until `release()`.
 */
function faultyStore(h: Harness) {
  const faults = {
    full: false,
    hangWhen: undefined as ((record: TransitionRecord) => boolean) | undefined,
    release: () => {},
  };
  const store = {
    ...h.store,
    recordTransition: async (record: TransitionRecord) => {
      if (faults.full) throw diskFull();
      if (faults.hangWhen?.(record)) {
        faults.hangWhen = undefined;
        await new Promise<void>((resolve) => {
          faults.release = resolve;
        });
      }
      return h.store.recordTransition(record);
    },
    recordAudit: async (record: Parameters<typeof h.store.recordAudit>[0]) => {
      if (faults.full) throw diskFull();
      return h.store.recordAudit(record);
    },
  };
  return { store, faults };
}

/** Settles `promise` (without throwing) and says whether it settled within `ms` of fake time. */
async function settledWithin<T>(promise: Promise<T>, ms: number) {
  let outcome: { value?: T; error?: unknown } | undefined;
  promise.then(
    (value) => {
      outcome = { value };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe('abort answers within one second', () => {
  it('while a store write hangs: DECISION_PENDING at once, the rollback once the write returns', async () => {
    const h = await harness();
    const { store, faults } = faultyStore(h);
    faults.hangWhen = (record) => record.sample?.seq === 1;
    const engine = h.engineAgain({ store });
    const canary = await engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);

    const answer = await settledWithin(
      engine.abort(canary.canaryId, { reason: 'stuck disk', operator: 'bob' }),
      SECOND,
    );
    expect(answer?.error).toMatchObject({
      code: 'DECISION_PENDING',
      message: expect.stringContaining('is being aborted: no more samples are taken'),
    });

    faults.release();
    const decided = await engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'abort', reason: 'stuck disk' },
      decidedAt: '2025-10-03T14:20:30.000Z',
    });
    await h.close();
  });

  it('while the disk is full: says so within a second, and rolls back once space returns', async () => {
    const h = await harness();
    const { store, faults } = faultyStore(h);
    const engine = h.engineAgain({ store });
    const canary = await engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(40 * SECOND);
    faults.full = true;

    const answer = await settledWithin(
      engine.abort(canary.canaryId, { reason: 'bad deploy', operator: 'bob' }),
      SECOND,
    );
    expect(answer?.error).toMatchObject({
      code: 'DECISION_PENDING',
      message: expect.stringContaining('the store refuses it: database or disk is full'),
    });
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');

    await vi.advanceTimersByTimeAsync(60 * SECOND);
    faults.full = false;
    await vi.advanceTimersByTimeAsync(15 * SECOND);
    expect(await h.store.getCanary(canary.canaryId)).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'abort', reason: 'bad deploy' },
      decidedAt: '2025-10-03T14:20:40.000Z',
    });
    expect((await h.store.narrativeFor(canary.canaryId)).at(-1)).toMatchObject({ operator: 'bob' });
    // The model is free again.
    await expect(engine.start(canaryRequest(), 'carol')).resolves.toMatchObject({ status: 'running' });
    await h.close();
  });

  it('for a stored canary no runner can run (a policy from before the bounds): rolled back at once, with why', async () => {
    const h = await harness();
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await h.engine.stop();
    await rewritePolicy(h, canary.canaryId, { intervalSeconds: 1e-9 });

    const engine = h.engineAgain();
    const answer = await settledWithin(
      engine.abort(canary.canaryId, { reason: 'zombie', operator: 'bob' }),
      SECOND,
    );
    expect(answer?.value).toMatchObject({
      status: 'rolled_back',
      decision: {
        rule: 'abort',
        reason: expect.stringContaining(
          'its stored policy is out of bounds (policy.intervalSeconds: expected at least 0.05 seconds between samples',
        ),
      },
    });
    await expect(engine.start(canaryRequest(), 'carol')).resolves.toMatchObject({ status: 'running' });
    await h.close();
  });
});

describe('a store that refuses writes for a while (issue 10, finding 9)', () => {
  it('stores the window decision once space returns: the canary never stays running, the model is freed', async () => {
    const h = await harness();
    const { store, faults } = faultyStore(h);
    const engine = h.engineAgain({ store });
    const canary = await engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(100 * SECOND);
    faults.full = true; // the sample due at 120 s and the decision are refused

    await vi.advanceTimersByTimeAsync(25 * SECOND);
    const tooLate = await settledWithin(
      engine.abort(canary.canaryId, { reason: 'late', operator: 'bob' }),
      SECOND,
    );
    expect(tooLate?.error).toMatchObject({
      code: 'CANARY_ALREADY_DECIDED',
      message: expect.stringContaining('it is already decided (promote (window_elapsed)), not stored yet'),
    });
    await expect(engine.start(canaryRequest(), 'carol')).rejects.toMatchObject({
      code: 'CANARY_ALREADY_RUNNING',
    });

    await vi.advanceTimersByTimeAsync(600 * SECOND); // full for ten minutes
    expect((await h.store.getCanary(canary.canaryId))?.status).toBe('running');
    faults.full = false;
    await vi.advanceTimersByTimeAsync(15 * SECOND);
    expect(await h.store.getCanary(canary.canaryId)).toMatchObject({
      status: 'promoted',
      decidedAt: '2025-10-03T14:22:00.000Z',
      math: { counts: { samples: 3 } },
    });
    expect(eventsOf(h.events, canary.canaryId).filter((event) => event.type === 'promoted')).toHaveLength(1);
    expect(h.errors.map((error) => error.code)).toEqual(['SAMPLE_NOT_STORED', 'DECISION_NOT_STORED']);
    expect(h.errors[1]?.message).toContain('but the store refuses it: database or disk is full');
    await expect(engine.start(canaryRequest(), 'carol')).resolves.toMatchObject({ status: 'running' });
    await h.close();
  });
});

describe('a failure after the canary was stored ends it (issue 10, finding 2)', () => {
  it('rolls back, with the reason, a canary whose step threw, and frees its model', async () => {
    // A monitor adapter with a bug: it answers null instead of a reading.
    const broken: SloMonitor = { mode: 'prometheus', sample: async () => null as unknown as SloReading };
    const h = await harness({ monitor: broken });
    const canary = await h.engine.start(canaryRequest(), 'alice');
    await vi.advanceTimersByTimeAsync(30 * SECOND);
    const decided = await h.engine.whenDecided(canary.canaryId);
    expect(decided).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'abort', reason: expect.stringMatching(/^the cockpit could not run this canary: /) },
      math: { explanation: expect.stringMatching(/^rolled back by the cockpit: the cockpit could not run/) },
    });
    const lines = await h.store.narrativeFor(canary.canaryId);
    expect(lines.at(-1)?.message).toMatch(
      /rolled back lukhas-agi-v3 → stage \(aborted: the cockpit could not run this canary/,
    );
    expect(lines.at(-1)?.operator).toBe('system');
    expect(h.errors.map((error) => error.code)).toEqual(['CANARY_FAILED']);
    await expect(h.engine.start(canaryRequest(), 'bob')).resolves.toMatchObject({ status: 'running' });
    await h.close();
  });

  it('refuses a policy out of its bounds before storing anything', async () => {
    const h = await harness({ policyBounds: { minIntervalSeconds: 10 } });
    await expect(h.engine.start(canaryRequest({ intervalSeconds: 5 }), 'alice')).rejects.toMatchObject({
      code: 'INVALID_CANARY_REQUEST',
      message: expect.stringContaining(
        'policy.intervalSeconds: expected at least 10 seconds between samples',
      ),
    });
    expect(await h.store.listCanaries({})).toEqual([]);
    await h.close();
  });
});

/** Rewrites a stored canary's policy in place, as a database written before the bounds may hold it. */
async function rewritePolicy(h: Harness, canaryId: string, changes: Record<string, number>) {
  const stored = await h.store.getCanary(canaryId);
  const policy = JSON.stringify({ ...stored?.policy, ...changes });
  await h.db.updateTable('canaries').set({ policy }).where('id', '=', canaryId).execute();
}
