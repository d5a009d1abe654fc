import { describe, expect, it } from 'vitest';
import { parseCanaryRequest, safeParseCanaryRequest } from './canary-request.ts';
import { safeParseSloPolicy } from './slo-policy.ts';

const targets = { latency_p95_ms: 500 };

function issuesOf(policy: Record<string, unknown>) {
  const result = safeParseSloPolicy({ targets, ...policy });
  return result.success ? [] : result.issues;
}

describe('steps in a policy', () => {
  it("accepts the SPEC's example ladder and keeps it in order", () => {
    const steps = [
      { setWeight: 10 },
      { pause: { seconds: 90 } },
      { setWeight: 50 },
      { pause: {} },
      { setWeight: 100 },
    ];
    const result = safeParseSloPolicy({ targets, windowSeconds: 3600, steps });
    expect(result).toEqual({ success: true, policy: expect.objectContaining({ steps }) });
  });

  it('leaves a policy without steps exactly as before (no steps key)', () => {
    const result = safeParseSloPolicy({ targets });
    expect(result.success && 'steps' in result.policy).toBe(false);
  });

  it('names a weight outside 0..100 or not whole, with its path', () => {
    expect(issuesOf({ steps: [{ setWeight: 150 }] })).toEqual([
      { path: 'steps.0.setWeight', message: 'expected a whole number from 0 to 100, received 150' },
    ]);
    expect(issuesOf({ steps: [{ setWeight: 10 }, { setWeight: -1 }] })[0]?.path).toBe('steps.1.setWeight');
    expect(issuesOf({ steps: [{ setWeight: 12.5 }] })[0]?.message).toMatch(/whole number/);
  });

  it('names an unknown step kind and a step with two kinds', () => {
    expect(issuesOf({ steps: [{ setWeight: 10 }, { analysis: {} }] })).toEqual([
      {
        path: 'steps.1',
        message: expect.stringMatching(
          /^expected one step: \{"setWeight": 0\.\.100\}, \{"pause": \{"seconds": S\}\} or \{"pause": \{\}\}, received Object/,
        ),
      },
    ]);
    expect(issuesOf({ steps: [{ setWeight: 10, pause: {} }] })[0]?.path).toBe('steps.0');
  });

  it('refuses a pause before any weight', () => {
    expect(issuesOf({ steps: [{ pause: { seconds: 90 } }, { setWeight: 50 }] })).toEqual([
      {
        path: 'steps.0',
        message: expect.stringContaining('expected a setWeight step before the first pause'),
      },
    ]);
  });

  it('refuses steps whose timed pauses the window cannot fit, saying when the window was a default', () => {
    const steps = [
      { setWeight: 10 },
      { pause: { seconds: 200 } },
      { setWeight: 50 },
      { pause: { seconds: 200 } },
    ];
    expect(issuesOf({ steps })).toEqual([
      {
        path: 'windowSeconds',
        message: expect.stringMatching(/^expected at least 400 seconds, received 300 \(the default\)/),
      },
    ]);
    expect(issuesOf({ steps, windowSeconds: 400 })).toEqual([]);
  });

  it('refuses a timed pause too short to hold minSamples samples', () => {
    expect(issuesOf({ steps: [{ setWeight: 10 }, { pause: { seconds: 60 } }], intervalSeconds: 30 })).toEqual(
      [
        {
          path: 'steps.1.pause.seconds',
          message: expect.stringMatching(/^expected at least 90 seconds, received 60/),
        },
      ],
    );
  });

  it('refuses an empty list, a non-list and a pause with bad seconds', () => {
    expect(issuesOf({ steps: [] })[0]).toEqual({
      path: 'steps',
      message: 'expected at least one step, received 0',
    });
    expect(issuesOf({ steps: { setWeight: 10 } })[0]?.path).toBe('steps');
    expect(issuesOf({ steps: [{ setWeight: 10 }, { pause: { seconds: 0 } }] })[0]?.path).toBe(
      'steps.1.pause.seconds',
    );
    expect(issuesOf({ steps: [{ setWeight: 10 }, { pause: { minutes: 1 } }] })[0]).toEqual({
      path: 'steps.1',
      message: expect.stringContaining('expected one step'),
    });
  });

  it('reaches start_canary in all three spellings, with paths under each', () => {
    const base = { modelId: 'm', fromGate: 'stage', toGate: 'production' };
    const steps = [{ setWeight: 25 }, { pause: {} }];
    expect(parseCanaryRequest({ ...base, targets, steps }).policy.steps).toEqual(steps);
    expect(parseCanaryRequest({ ...base, policy: { targets, steps } }).policy.steps).toEqual(steps);
    expect(parseCanaryRequest({ ...base, sloPolicy: { ...targets, steps } }).policy.steps).toEqual(steps);
    const bad = safeParseCanaryRequest({ ...base, policy: { targets, steps: [{ pause: {} }] } });
    expect(bad.success ? [] : bad.issues.map((issue) => issue.path)).toEqual(['policy.steps.0']);
  });
});
