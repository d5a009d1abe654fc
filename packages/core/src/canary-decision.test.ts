import { describe, expect, it } from 'vitest';
import { type DecisionInput, decideCanary } from './canary-decision.ts';
import { judgeSample } from './judge-sample.ts';
import type { CanarySample, SloMetric } from './records.ts';
import type { SloPolicy } from './slo-policy.ts';

const T0 = Date.UTC(2025, 9, 3, 14, 25);
const seconds = (count: number) => T0 + count * 1000;
const END = seconds(120);

const POLICY: SloPolicy = {
  windowSeconds: 120,
  intervalSeconds: 30,
  failureLimit: 0,
  minSamples: 3,
  targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
};

/** Sample `seq`, taken on schedule unless `at` says otherwise. */
function sample(
  seq: number,
  values: Partial<Record<SloMetric, unknown>> = {},
  options: { at?: number; policy?: SloPolicy; reasons?: Partial<Record<SloMetric, string>> } = {},
): CanarySample {
  const reading = {
    values: { latency_p95_ms: 420, error_rate: 0.001, drift: null, ...values } as Record<
      SloMetric,
      number | null
    >,
    reasons: options.reasons ?? {},
  };
  return judgeSample(
    { seq, at: options.at ?? seconds(seq * 30), reading },
    (options.policy ?? POLICY).targets,
  );
}

const good = (seq: number) => sample(seq);
const slow = (seq: number) => sample(seq, { latency_p95_ms: 900 });
const unreadable = (seq: number) =>
  sample(seq, { latency_p95_ms: null }, { reasons: { latency_p95_ms: 'prometheus unreachable' } });

function decide(input: Partial<DecisionInput> & Pick<DecisionInput, 'samples' | 'now'>) {
  return decideCanary({ policy: POLICY, startedAt: T0, ...input });
}

describe('decideCanary: undecided', () => {
  it('shows the state so far before the window ends', () => {
    const { decision, math } = decide({ samples: [good(1), good(2)], now: seconds(65) });
    expect(decision).toBeNull();
    expect(math).toMatchObject({
      window: { startedAt: '2025-10-03T14:25:00.000Z', endsAt: '2025-10-03T14:27:00.000Z', elapsed: false },
      counts: { samples: 2, real: 2, fallback: 0, breaches: 0, ignored: 0 },
      rule: null,
      outcome: null,
      decidingSample: null,
      firstBreachAt: null,
      decidedAt: null,
      breachToActionSeconds: null,
      explanation: 'undecided: 2 samples so far, 0 breaches',
    });
  });

  it('stays undecided one millisecond before the window end', () => {
    const samples = [good(1), good(2), good(3)];
    expect(decide({ samples, now: END - 1 }).decision).toBeNull();
  });

  it('does not judge samples taken after now', () => {
    const { decision, math } = decide({ samples: [good(1), slow(2)], now: seconds(45) });
    expect(decision).toBeNull();
    expect(math.counts).toMatchObject({ samples: 1, breaches: 0, ignored: 1 });
  });

  it('counts a breach within the failure limit', () => {
    const policy = { ...POLICY, failureLimit: 1 };
    const { decision, math } = decide({ policy, samples: [slow(1)], now: seconds(40) });
    expect(decision).toBeNull();
    expect(math.explanation).toBe('undecided: 1 sample so far, 1 breach');
    expect(math.firstBreachAt).toBe('2025-10-03T14:25:30.000Z');
  });
});

describe('decideCanary: window elapsed', () => {
  it('promotes exactly when now reaches the window end', () => {
    const { decision, math } = decide({ samples: [good(1), good(2), good(3), good(4)], now: END });
    expect(decision).toEqual({
      outcome: 'promote',
      rule: 'window_elapsed',
      decidedAt: END,
      reason: 'window of 120s elapsed with 0 breaches (limit 0) and 4 real samples (min 3)',
    });
    expect(math.explanation).toBe(
      'promoted: window of 120s elapsed with 0 breaches (limit 0) and 4 real samples (min 3)',
    );
    expect(math.window.elapsed).toBe(true);
    expect(math.decidedAt).toBe('2025-10-03T14:27:00.000Z');
  });

  it('passes values exactly at their targets', () => {
    const atTarget = (seq: number) => sample(seq, { latency_p95_ms: 500, error_rate: 0.01 });
    const { decision } = decide({ samples: [atTarget(1), atTarget(2), atTarget(3)], now: END });
    expect(decision?.outcome).toBe('promote');
  });

  it('promotes with exactly minSamples real samples', () => {
    const { decision } = decide({ samples: [good(1), good(2), good(3)], now: END });
    expect(decision?.rule).toBe('window_elapsed');
  });

  it('promotes with breaches == failureLimit and reports the time from the breach', () => {
    const policy = { ...POLICY, failureLimit: 1 };
    const { decision, math } = decide({
      policy,
      samples: [good(1), slow(2), good(3), good(4)],
      now: END + 5_000,
    });
    expect(decision?.outcome).toBe('promote');
    expect(math.explanation).toBe(
      'promoted: window of 120s elapsed with 1 breach (limit 1) and 4 real samples (min 3)',
    );
    expect(math.breachToActionSeconds).toBe(60);
  });

  it('rolls back for insufficient data when a fallback sample leaves too few real ones', () => {
    const policy = { ...POLICY, failureLimit: 1 };
    const { decision, math } = decide({ policy, samples: [good(1), good(2), unreadable(3)], now: END });
    expect(decision).toEqual({
      outcome: 'rollback',
      rule: 'insufficient_data',
      decidedAt: END,
      reason: '2 of 3 required real samples (1 fallback)',
    });
    expect(math.explanation).toBe(
      'rolled back: insufficient data, 2 real samples of 3 required (1 fallback)',
    );
    expect(math.counts).toEqual({ samples: 3, real: 2, fallback: 1, breaches: 1, ignored: 0 });
  });

  it('rolls back for insufficient data when the monitor never sampled', () => {
    const { decision, math } = decide({ samples: [], now: END });
    expect(decision?.reason).toBe('0 of 3 required real samples (0 fallback)');
    expect(math.explanation).toBe('rolled back: insufficient data, 0 real samples of 3 required');
  });

  it('promotes an empty window when minSamples is 0', () => {
    const { decision } = decide({ policy: { ...POLICY, minSamples: 0 }, samples: [], now: END });
    expect(decision?.outcome).toBe('promote');
  });

  it('ignores samples taken after the window end', () => {
    const late = sample(5, { latency_p95_ms: 5000 }, { at: END + 1 });
    const { decision, math } = decide({
      samples: [good(1), good(2), good(3), good(4), late],
      now: END + 30_000,
    });
    expect(decision?.outcome).toBe('promote');
    expect(math.counts).toMatchObject({ samples: 4, breaches: 0, ignored: 1 });
    expect(math.samples.map((judged) => judged.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('decideCanary: breach limit', () => {
  it('rolls back at the sample whose breach exceeds failureLimit', () => {
    const { decision, math } = decide({ samples: [good(1), slow(2), good(3), good(4)], now: END });
    expect(decision).toEqual({
      outcome: 'rollback',
      rule: 'breach_limit',
      decidedAt: seconds(60),
      reason: 'sample 2: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 900 > 500)',
    });
    expect(math).toMatchObject({
      rule: 'breach_limit',
      outcome: 'rollback',
      decidingSample: 2,
      firstBreachAt: '2025-10-03T14:26:00.000Z',
      decidedAt: '2025-10-03T14:26:00.000Z',
      breachToActionSeconds: 0,
      counts: { samples: 2, real: 2, fallback: 0, breaches: 1, ignored: 2 },
      explanation:
        'rolled back at sample 2: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 900 > 500)',
    });
    expect(math.samples.map((judged) => judged.breachesSoFar)).toEqual([0, 1]);
  });

  it('waits for failureLimit + 1 breaches', () => {
    const policy = { ...POLICY, failureLimit: 1 };
    const { decision, math } = decide({ policy, samples: [slow(1), good(2), slow(3)], now: seconds(95) });
    expect(decision?.decidedAt).toBe(seconds(90));
    expect(math.decidingSample).toBe(3);
    expect(math.breachToActionSeconds).toBe(60);
    expect(math.explanation).toBe(
      'rolled back at sample 3: 2 breaching samples exceed failureLimit 1 (latency_p95_ms 900 > 500)',
    );
  });

  it('lets a breach on the window end win over the window end', () => {
    const { decision } = decide({ samples: [good(1), good(2), good(3), slow(4)], now: END });
    expect(decision).toMatchObject({ rule: 'breach_limit', decidedAt: END });
  });

  it('counts a fallback sample as a breach and says why it was a fallback', () => {
    const { decision, math } = decide({ samples: [unreadable(1)], now: seconds(30) });
    expect(decision?.rule).toBe('breach_limit');
    expect(math.explanation).toBe(
      'rolled back at sample 1: 1 breaching sample exceeds failureLimit 0 ' +
        '(latency_p95_ms 9999 > 500; latency_p95_ms fallback: prometheus unreachable)',
    );
    expect(math.counts).toMatchObject({ real: 0, fallback: 1 });
  });

  it.each([
    [Number.NaN, 'NaN'],
    [undefined, 'missing value'],
    [null, 'missing value'],
    [Number.POSITIVE_INFINITY, 'infinite'],
    [-5, 'negative value'],
  ])('rolls back on an unreadable latency %s (%s)', (raw, reason) => {
    const { decision, math } = decide({ samples: [sample(1, { latency_p95_ms: raw })], now: seconds(30) });
    expect(decision?.rule).toBe('breach_limit');
    expect(math.samples[0]).toMatchObject({
      observed: { latency_p95_ms: null },
      values: { latency_p95_ms: 9999 },
      fallback: true,
      fallbackReasons: { latency_p95_ms: reason },
    });
  });

  it('judges samples in time order whatever order they arrive in', () => {
    const samples = [good(3), slow(2), good(1)];
    const { decision, math } = decide({ samples, now: END });
    expect(decision?.decidedAt).toBe(seconds(60));
    expect(math.samples.map((judged) => judged.seq)).toEqual([1, 2]);
  });
});

describe('decideCanary: abort', () => {
  it('rolls back at the abort and ignores later samples', () => {
    const abort = { at: seconds(45), reason: 'manual override' };
    const { decision, math } = decide({ samples: [good(1), slow(2), good(3)], now: seconds(100), abort });
    expect(decision).toEqual({
      outcome: 'rollback',
      rule: 'abort',
      decidedAt: seconds(45),
      reason: 'manual override',
    });
    expect(math.explanation).toBe('rolled back: aborted by operator (manual override)');
    expect(math.counts).toMatchObject({ samples: 1, breaches: 0, ignored: 2 });
    expect(math.firstBreachAt).toBeNull();
    expect(math.breachToActionSeconds).toBeNull();
  });

  it('loses to a breach that came first', () => {
    const abort = { at: seconds(70), reason: 'manual override' };
    const { decision } = decide({ samples: [good(1), slow(2)], now: seconds(75), abort });
    expect(decision).toMatchObject({ rule: 'breach_limit', decidedAt: seconds(60) });
  });

  it('loses to a breaching sample taken in the same millisecond', () => {
    const abort = { at: seconds(60), reason: 'manual override' };
    expect(decide({ samples: [good(1), slow(2)], now: seconds(60), abort }).decision?.rule).toBe(
      'breach_limit',
    );
  });

  it('reports the time from an earlier tolerated breach to the abort', () => {
    const policy = { ...POLICY, failureLimit: 1 };
    const abort = { at: seconds(75), reason: 'looks wrong' };
    const { decision, math } = decide({ policy, samples: [good(1), slow(2)], now: seconds(80), abort });
    expect(decision?.rule).toBe('abort');
    expect(math.breachToActionSeconds).toBe(15);
  });

  it('does nothing until its time has come', () => {
    const abort = { at: seconds(50), reason: 'scheduled' };
    expect(decide({ samples: [good(1)], now: seconds(49), abort }).decision).toBeNull();
  });

  it('wins over the window end in the same millisecond', () => {
    const abort = { at: END, reason: 'manual override' };
    const samples = [good(1), good(2), good(3), good(4)];
    expect(decide({ samples, now: END, abort }).decision?.rule).toBe('abort');
  });

  it('comes too late after the window end', () => {
    const abort = { at: END + 1, reason: 'manual override' };
    const samples = [good(1), good(2), good(3), good(4)];
    expect(decide({ samples, now: END + 10, abort }).decision).toMatchObject({
      rule: 'window_elapsed',
      decidedAt: END,
    });
  });

  it('says so when no reason was given', () => {
    const { math } = decide({ samples: [], now: seconds(5), abort: { at: seconds(1), reason: ' ' } });
    expect(math.explanation).toBe('rolled back: aborted by operator (no reason given)');
  });
});

describe('decideCanary: the math', () => {
  it('survives a JSON round trip unchanged', () => {
    const { math } = decide({ samples: [good(1), unreadable(2)], now: END, abort: { at: END, reason: 'x' } });
    expect(JSON.parse(JSON.stringify(math))).toEqual(math);
  });

  it('shows every judged sample with its values, breaches and running count', () => {
    const { math } = decide({
      policy: { ...POLICY, failureLimit: 5 },
      samples: [slow(1), good(2)],
      now: seconds(61),
    });
    expect(math.samples).toEqual([
      {
        seq: 1,
        at: '2025-10-03T14:25:30.000Z',
        observed: { latency_p95_ms: 900, error_rate: 0.001, drift: null },
        values: { latency_p95_ms: 900, error_rate: 0.001, drift: null },
        fallback: false,
        fallbackReasons: {},
        breaches: [{ metric: 'latency_p95_ms', value: 900, target: 500 }],
        breached: true,
        breachesSoFar: 1,
      },
      expect.objectContaining({ seq: 2, breached: false, breachesSoFar: 1 }),
    ]);
    expect(math.policy).toEqual({ ...POLICY, failureLimit: 5 });
  });
});
