import { describe, expect, it } from 'vitest';
import { DomainError, type ValidationIssue } from './errors.ts';
import { parseSloPolicy, safeParseSloPolicy } from './slo-policy.ts';

function issuesOf(input: unknown): readonly ValidationIssue[] {
  const result = safeParseSloPolicy(input);
  if (result.success) throw new Error(`expected issues, got ${JSON.stringify(result.policy)}`);
  return result.issues;
}

describe('parseSloPolicy', () => {
  it('applies the SPEC defaults to the knobs left out', () => {
    expect(parseSloPolicy({ targets: { latency_p95_ms: 500 } })).toEqual({
      windowSeconds: 300,
      intervalSeconds: 30,
      failureLimit: 0,
      minSamples: 3,
      targets: { latency_p95_ms: 500 },
    });
  });

  it('keeps every knob given', () => {
    const policy = parseSloPolicy({
      windowSeconds: 120,
      intervalSeconds: 10,
      failureLimit: 2,
      minSamples: 12,
      targets: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 },
    });
    expect(policy).toEqual({
      windowSeconds: 120,
      intervalSeconds: 10,
      failureLimit: 2,
      minSamples: 12,
      targets: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 },
    });
  });

  it('accepts the flat seed form and normalises error_rate to max_error_rate', () => {
    const policy = parseSloPolicy({ latency_p95_ms: 800, error_rate: 0.01 });
    expect(policy.targets).toEqual({ latency_p95_ms: 800, max_error_rate: 0.01 });
    expect(Object.keys(policy.targets)).not.toContain('error_rate');
  });

  it('accepts error_rate inside targets, and both spellings when they agree', () => {
    expect(parseSloPolicy({ targets: { error_rate: 0.05 } }).targets).toEqual({ max_error_rate: 0.05 });
    expect(parseSloPolicy({ targets: { error_rate: 0.05, max_error_rate: 0.05 } }).targets).toEqual({
      max_error_rate: 0.05,
    });
  });

  it('accepts the boundaries: zero error rate, interval equal to window, minSamples filling the window', () => {
    expect(parseSloPolicy({ targets: { max_error_rate: 0, max_drift: 1 } }).targets).toEqual({
      max_error_rate: 0,
      max_drift: 1,
    });
    expect(
      parseSloPolicy({ windowSeconds: 30, intervalSeconds: 30, minSamples: 1, max_drift: 0.1 }),
    ).toMatchObject({ windowSeconds: 30, intervalSeconds: 30, minSamples: 1 });
    expect(parseSloPolicy({ windowSeconds: 120, minSamples: 4, latency_p95_ms: 1 }).minSamples).toBe(4);
    expect(parseSloPolicy({ minSamples: 0, failureLimit: 0, latency_p95_ms: 1 }).minSamples).toBe(0);
  });

  it('throws INVALID_POLICY with the issues and a message listing them', () => {
    let caught: unknown;
    try {
      parseSloPolicy({ windowSeconds: -5, targets: { latency_p99_ms: 300 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe('INVALID_POLICY');
    expect(error.issues.map((issue) => issue.path)).toEqual(['windowSeconds', 'targets.latency_p99_ms']);
    expect(error.message).toContain('windowSeconds: expected a number of seconds > 0, received -5');
    expect(error.message).toContain('targets.latency_p99_ms: unknown key "latency_p99_ms" in targets');
  });
});

describe('safeParseSloPolicy', () => {
  it('returns the policy on success', () => {
    expect(safeParseSloPolicy({ max_drift: 0.2 })).toEqual({
      success: true,
      policy: {
        windowSeconds: 300,
        intervalSeconds: 30,
        failureLimit: 0,
        minSamples: 3,
        targets: { max_drift: 0.2 },
      },
    });
  });

  it.each([
    [{ windowSeconds: 0 }, 'windowSeconds', 'expected a number of seconds > 0, received 0'],
    [{ windowSeconds: Number.POSITIVE_INFINITY }, 'windowSeconds', 'received Infinity'],
    [{ windowSeconds: Number.NaN }, 'windowSeconds', 'received NaN'],
    [{ windowSeconds: '120' }, 'windowSeconds', 'received "120"'],
    [{ intervalSeconds: -1 }, 'intervalSeconds', 'expected a number of seconds > 0, received -1'],
    [{ failureLimit: 1.5 }, 'failureLimit', 'expected an integer >= 0, received 1.5'],
    [{ failureLimit: -1 }, 'failureLimit', 'expected an integer >= 0, received -1'],
    [{ minSamples: 2.5 }, 'minSamples', 'expected an integer >= 0, received 2.5'],
  ])('reports a bad knob %j', (knob, path, message) => {
    const issues = issuesOf({ ...knob, targets: { latency_p95_ms: 500 } });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(message);
  });

  it.each([
    [{ latency_p95_ms: 0 }, 'targets.latency_p95_ms', 'expected milliseconds > 0, received 0'],
    [{ latency_p95_ms: -100 }, 'targets.latency_p95_ms', 'received -100'],
    [{ max_error_rate: 1.5 }, 'targets.max_error_rate', 'expected a fraction from 0 to 1, received 1.5'],
    [{ error_rate: -0.1 }, 'targets.error_rate', 'expected a fraction from 0 to 1, received -0.1'],
    [{ max_drift: 2 }, 'targets.max_drift', 'expected a fraction from 0 to 1, received 2'],
  ])('reports a bad target %j', (targets, path, message) => {
    expect(issuesOf({ targets })).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('reports unknown keys anywhere instead of dropping them, naming the allowed ones', () => {
    expect(issuesOf({ latency_p95_ms: 500, window: 60, targets_: {} })).toEqual([
      {
        path: 'window',
        message: expect.stringContaining('unknown key "window", expected one of windowSeconds'),
      },
      { path: 'targets_', message: expect.stringContaining('unknown key "targets_"') },
    ]);
    expect(issuesOf({ targets: { latency_p95_ms: 500, latency_p99_ms: 300 } })).toEqual([
      {
        path: 'targets.latency_p99_ms',
        message:
          'unknown key "latency_p99_ms" in targets, expected one of latency_p95_ms, max_error_rate, error_rate, max_drift, error_budget',
      },
    ]);
  });

  it('requires at least one target', () => {
    expect(issuesOf({})).toEqual([
      { path: 'targets', message: expect.stringContaining('at least one target') },
    ]);
    expect(issuesOf({ windowSeconds: 90, targets: {} })).toEqual([
      { path: 'targets', message: expect.stringContaining('a canary must target a metric') },
    ]);
  });

  it('refuses compare on a ladder without a pause, which would complete before any sample', () => {
    const judged = {
      targets: { latency_p95_ms: 500 },
      baseline: {},
      compare: { latency_p95_ms: { maxIncreasePct: 10 } },
    };
    expect(issuesOf({ ...judged, steps: [{ setWeight: 50 }, { setWeight: 100 }] })).toEqual([
      {
        path: 'steps',
        message: expect.stringContaining('expected a pause among the steps when compare is given'),
      },
    ]);
    const paused = parseSloPolicy({
      ...judged,
      steps: [{ setWeight: 50 }, { pause: {} }, { setWeight: 100 }],
    });
    expect(paused.steps).toHaveLength(3);
  });

  it('takes an error budget alone as a target', () => {
    const budget = { slo: 0.999, maxBurnRate: 14.4 };
    expect(parseSloPolicy({ targets: { error_budget: budget } }).targets).toEqual({ error_budget: budget });
  });

  it('refuses error_rate and max_error_rate with different values', () => {
    expect(issuesOf({ targets: { error_rate: 0.02, max_error_rate: 0.01 } })).toEqual([
      {
        path: 'targets.error_rate',
        message:
          'expected error_rate (an alias of max_error_rate) to equal max_error_rate 0.01, received 0.02',
      },
    ]);
    expect(issuesOf({ error_rate: 0.02, max_error_rate: 0.01 })[0]?.path).toBe('error_rate');
  });

  it('refuses targets both inside targets and beside the knobs', () => {
    expect(issuesOf({ latency_p95_ms: 800, targets: { max_error_rate: 0.01 } })).toEqual([
      {
        path: 'targets',
        message: expect.stringContaining('not both, received latency_p95_ms beside targets'),
      },
    ]);
  });

  it('refuses an interval longer than the window', () => {
    expect(issuesOf({ windowSeconds: 60, intervalSeconds: 90, latency_p95_ms: 500 })).toEqual([
      { path: 'intervalSeconds', message: 'expected at most windowSeconds (60), received 90' },
    ]);
    expect(issuesOf({ windowSeconds: 20, latency_p95_ms: 500 })).toEqual([
      { path: 'intervalSeconds', message: 'expected at most windowSeconds (20), received 30 (the default)' },
    ]);
  });

  it('refuses a minSamples the window can never hold, saying it could never promote', () => {
    expect(issuesOf({ windowSeconds: 120, intervalSeconds: 30, minSamples: 5, latency_p95_ms: 500 })).toEqual(
      [
        {
          path: 'minSamples',
          message:
            'expected at most 4, received 5: a 120s window sampled every 30s holds 4 samples, so the canary could never promote',
        },
      ],
    );
    expect(issuesOf({ windowSeconds: 60, latency_p95_ms: 500 })).toEqual([
      {
        path: 'minSamples',
        message: expect.stringContaining('expected at most 2, received 3 (the default): a 60s'),
      },
    ]);
  });

  it('reports every shape issue at once', () => {
    const issues = issuesOf({ windowSeconds: 'x', failureLimit: -1, targets: { max_drift: 5, p99: 1 } });
    expect(issues.map((issue) => issue.path)).toEqual([
      'windowSeconds',
      'failureLimit',
      'targets.max_drift',
      'targets.p99',
    ]);
  });

  it.each([[null], [42], ['policy'], [[]], [undefined]])(
    'refuses a policy that is not an object: %j',
    (input) => {
      expect(issuesOf(input)).toEqual([{ path: '', message: expect.stringContaining('expected an object') }]);
    },
  );
});

describe('parseSloPolicy: bounds', () => {
  it('refuses a policy out of bounds as INVALID_POLICY naming the field', () => {
    expect(() => parseSloPolicy({ windowSeconds: 1e9, latency_p95_ms: 500 })).toThrow(
      'invalid SLO policy: windowSeconds: expected at most 604800 seconds (7 days), received 1000000000',
    );
    expect(() => parseSloPolicy({ intervalSeconds: 1e-9, latency_p95_ms: 500 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_POLICY',
        issues: [expect.objectContaining({ path: 'intervalSeconds' })],
      }),
    );
    expect(
      parseSloPolicy(
        { windowSeconds: 0.3, intervalSeconds: 0.1, minSamples: 1, latency_p95_ms: 500 },
        { bounds: { minIntervalSeconds: 0.1 } },
      ).intervalSeconds,
    ).toBe(0.1);
  });
});
