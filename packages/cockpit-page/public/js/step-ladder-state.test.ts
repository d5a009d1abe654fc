import { describe, expect, it } from 'vitest';
import {
  type LadderState,
  ladderAfterEvent,
  ladderFromRecord,
  ladderRows,
  ladderSummary,
  mergeLadder,
  stepLabel,
} from './step-ladder-state.js';

const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { setWeight: 100 }];

/** A record as get_canary answers it, with only what the ladder reads. */
function record(status: string, traffic: Record<string, unknown> | null, steps: unknown = STEPS) {
  return { canaryId: 'canary_1', status, policy: { steps }, traffic };
}

function traffic(weight: number, stepIndex: number, promotions = 0) {
  return {
    weight,
    stepIndex,
    stepCount: STEPS.length,
    promotions: Array.from({ length: promotions }, () => ({ at: 'x', full: false, operator: 'bob' })),
  };
}

const states = (ladder: LadderState | null) =>
  ladder === null ? [] : ladderRows(ladder).map((row) => row.state);

describe('stepLabel', () => {
  it('reads a weight, a timed pause and a pause for a person', () => {
    expect(STEPS.map((step, index) => stepLabel(step, index))).toEqual([
      '20%',
      'pause until promoted',
      '60%',
      '100%',
    ]);
    expect(stepLabel({ pause: { seconds: 30 } }, 0)).toBe('pause 30s');
    expect(stepLabel(null, 2)).toBe('step 3');
  });
});

describe('ladderFromRecord', () => {
  it('is null for a canary without steps', () => {
    expect(ladderFromRecord({ status: 'running', policy: { windowSeconds: 300 }, traffic: null })).toBeNull();
  });

  it('starts at the first step with no traffic', () => {
    const ladder = ladderFromRecord(record('running', traffic(0, 0)));
    expect(ladder).toMatchObject({ currentIndex: 0, weight: 0, status: 'running' });
    expect(states(ladder)).toEqual(['current', 'pending', 'pending', 'pending']);
  });

  it('holds a paused canary at its pause with the weight reached', () => {
    const ladder = ladderFromRecord(record('paused', traffic(20, 1)));
    expect(states(ladder)).toEqual(['done', 'current', 'pending', 'pending']);
    expect(ladder && ladderSummary(ladder, 'production')).toBe(
      '20% to production · step 2 of 4: paused, waiting for Promote',
    );
  });

  it('counts a pause a person ended as done before the next weight is recorded', () => {
    const ladder = ladderFromRecord(record('running', traffic(20, 1, 1)));
    expect(states(ladder)).toEqual(['done', 'done', 'current', 'pending']);
    // Not yet promoted: the pause is still in progress (the paused event is on its way).
    expect(states(ladderFromRecord(record('running', traffic(20, 1, 0))))).toEqual([
      'done',
      'current',
      'pending',
      'pending',
    ]);
  });

  it('shows every step done at 100 % once promoted, and where a rollback stopped', () => {
    const promoted = ladderFromRecord(record('promoted', traffic(100, 4, 1)));
    expect(states(promoted)).toEqual(['done', 'done', 'done', 'done']);
    expect(promoted?.weight).toBe(100);
    const rolledBack = ladderFromRecord(record('rolled_back', traffic(0, 1)));
    expect(states(rolledBack)).toEqual(['done', 'stopped', 'pending', 'pending']);
    expect(rolledBack && ladderSummary(rolledBack, 'production')).toBe(
      '0% to production · rolled back at step 2 of 4',
    );
  });

  it('knows the count from the traffic when the policy is not there', () => {
    const ladder = ladderFromRecord({ status: 'running', traffic: traffic(0, 0) });
    expect(ladder && ladderRows(ladder).map((row) => row.label)).toEqual([
      'step 1',
      'step 2',
      'step 3',
      'step 4',
    ]);
  });
});

describe('ladderAfterEvent', () => {
  const event = (index: number, weight: number, extra: Record<string, unknown> = {}) => ({
    canaryId: 'canary_1',
    index,
    count: 4,
    weight,
    ...extra,
  });

  it('walks the ladder: step, paused, resumed, step, promoted', () => {
    let ladder = ladderFromRecord(record('running', traffic(0, 0)));
    ladder = ladderAfterEvent(ladder, 'step', event(0, 20, { step: { setWeight: 20 } }));
    expect(states(ladder)).toEqual(['done', 'current', 'pending', 'pending']);
    expect(ladder?.weight).toBe(20);
    ladder = ladderAfterEvent(ladder, 'paused', event(1, 20));
    expect(ladder?.status).toBe('paused');
    expect(states(ladder)).toEqual(['done', 'current', 'pending', 'pending']);
    ladder = ladderAfterEvent(ladder, 'resumed', event(1, 20, { operator: 'bob', full: false }));
    expect(ladder).toMatchObject({ status: 'running', promotions: 1, currentIndex: 2 });
    ladder = ladderAfterEvent(ladder, 'step', event(2, 60, { step: { setWeight: 60 } }));
    expect(states(ladder)).toEqual(['done', 'done', 'done', 'current']);
    ladder = ladderAfterEvent(ladder, 'promoted', { canaryId: 'canary_1', rule: 'steps_completed' });
    expect(ladder).toMatchObject({ status: 'promoted', weight: 100, currentIndex: 4 });
    expect(ladder && ladderSummary(ladder, 'production')).toBe(
      '100% to production · all 4 steps done: promoted',
    );
  });

  it('marks every step done on a full promotion', () => {
    const paused = ladderFromRecord(record('paused', traffic(20, 1)));
    const ladder = ladderAfterEvent(paused, 'resumed', event(1, 20, { full: true }));
    expect(states(ladder)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('takes the traffic back on a rollback, and a decided ladder no longer moves', () => {
    const paused = ladderFromRecord(record('paused', traffic(20, 1)));
    const rolledBack = ladderAfterEvent(paused, 'rolled_back', { canaryId: 'canary_1', rule: 'abort' });
    expect(rolledBack).toMatchObject({ status: 'rolled_back', weight: 0, currentIndex: 1 });
    expect(ladderAfterEvent(rolledBack, 'step', event(2, 60))).toBe(rolledBack);
  });

  it('builds a ladder from the first event when the card has no policy yet', () => {
    const ladder = ladderAfterEvent(null, 'step', event(0, 20, { step: { setWeight: 20 } }));
    expect(ladder && ladderRows(ladder).map((row) => `${row.label}:${row.state}`)).toEqual([
      '20%:done',
      'step 2:current',
      'step 3:pending',
      'step 4:pending',
    ]);
    expect(ladderAfterEvent(null, 'metric', { canaryId: 'canary_1', seq: 1 })).toBeNull();
  });

  it('leaves the ladder as it is on other events', () => {
    const ladder = ladderFromRecord(record('running', traffic(20, 1)));
    expect(ladderAfterEvent(ladder, 'metric', { seq: 3 })).toBe(ladder);
  });
});

describe('mergeLadder', () => {
  it('never steps back to an older answer', () => {
    const resumed = ladderAfterEvent(ladderFromRecord(record('paused', traffic(20, 1))), 'resumed', {
      index: 1,
      count: 4,
      weight: 20,
    });
    const stalePaused = ladderFromRecord(record('paused', traffic(20, 1)));
    expect(mergeLadder(resumed, stalePaused)).toEqual(resumed);
    const staleRunning = ladderFromRecord(record('running', traffic(0, 0)));
    expect(mergeLadder(stalePaused, staleRunning)).toEqual(stalePaused);
  });

  it('takes the newer news at the same step, and a decision over anything', () => {
    const before = ladderFromRecord(record('running', traffic(0, 1)));
    const after = ladderFromRecord(record('paused', traffic(20, 1)));
    expect(mergeLadder(before, after)).toEqual(after);
    const decided = ladderFromRecord(record('rolled_back', traffic(0, 0)));
    expect(mergeLadder(after, decided)?.status).toBe('rolled_back');
    expect(mergeLadder(null, after)).toBe(after);
    expect(mergeLadder(after, null)).toBe(after);
  });

  it('keeps the steps either side knows', () => {
    const fromEvent = ladderAfterEvent(null, 'paused', { index: 1, count: 4, weight: 20 });
    const fromRecord = ladderFromRecord(record('running', traffic(0, 0)));
    expect(mergeLadder(fromRecord, fromEvent)?.steps).toEqual(STEPS);
  });
});
