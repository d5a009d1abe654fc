import { describe, expect, it } from 'vitest';
import { at, LOOSE, recordCanary, repeat, STRICT, T0, WINDOW } from '../test/replay-fixtures.ts';
import { policyComparison } from './policy-comparison.ts';
import { replayWindow } from './replay-window.ts';

// Rolled back at sample 2 under STRICT (600 ms > 500); LOOSE would have promoted at the window end.
const strict = recordCanary({
  canaryId: 'canary_a',
  policy: STRICT,
  readings: [{ latency: 400 }, { latency: 600 }, ...repeat(8)],
});
// Healthy, promoted at its window end (15 min later).
const healthy = recordCanary({
  canaryId: 'canary_b',
  policy: LOOSE,
  startedAt: T0 + 900_000,
  readings: repeat(10),
});
// Still running at the end of the window: only 2 of its samples are in the replay window.
const running = recordCanary({
  canaryId: 'canary_c',
  policy: LOOSE,
  startedAt: T0 + 3_540_000,
  readings: repeat(2),
});
const all = [strict, healthy, running];

function replayUnder(policy: unknown) {
  return replayWindow({
    modelId: 'matriz-v3',
    canaries: all.map((recorded) => recorded.canary),
    samples: all.flatMap((recorded) => recorded.samples),
    policy,
    window: WINDOW,
  });
}

describe('policyComparison', () => {
  const comparison = policyComparison([
    { name: 'loose.json', result: replayUnder(LOOSE) },
    { name: 'strict.json', result: replayUnder(STRICT) },
  ]);

  it('lists each canary once with its actual decision and every policy’s, in policy order', () => {
    expect(comparison.policies.map((policy) => policy.name)).toEqual(['loose.json', 'strict.json']);
    expect(comparison.canaries.map((canary) => canary.canaryId)).toEqual([
      'canary_a',
      'canary_b',
      'canary_c',
    ]);
    const [first] = comparison.canaries;
    expect(first?.actual).toEqual({
      state: 'rolled_back',
      rule: 'breach_limit',
      decidedAt: at(60),
      secondsToDecision: 60,
    });
    expect(
      first?.decisions.map(({ policy, state, rule, decidedAt, secondsToDecision, differs }) => ({
        policy,
        state,
        rule,
        decidedAt,
        secondsToDecision,
        differs,
      })),
    ).toEqual([
      {
        policy: 'loose.json',
        state: 'promoted',
        rule: 'window_elapsed',
        decidedAt: at(300),
        secondsToDecision: 300,
        differs: true,
      },
      {
        policy: 'strict.json',
        state: 'rolled_back',
        rule: 'breach_limit',
        decidedAt: at(60),
        secondsToDecision: 60,
        differs: false,
      },
    ]);
    expect(first?.decisions[0]?.caveats[0]).toContain('sampling stopped at the actual decision');
  });

  it('totals per policy: promoted, rolled back, undecided, differing from the actual, median time to decision', () => {
    expect(comparison.totals.actual).toEqual({
      canaries: 3,
      promoted: 1,
      rolledBack: 1,
      undecided: 1,
      medianSecondsToDecision: 180,
    });
    expect(comparison.totals.policies).toEqual([
      {
        policy: 'loose.json',
        canaries: 3,
        promoted: 2,
        rolledBack: 0,
        undecided: 1,
        differ: 1,
        medianSecondsToDecision: 300,
      },
      {
        policy: 'strict.json',
        canaries: 3,
        promoted: 1,
        rolledBack: 1,
        undecided: 1,
        differ: 0,
        medianSecondsToDecision: 180,
      },
    ]);
  });

  it('counts no difference for a synthetic canary, which has no actual decision', () => {
    const range = replayWindow({
      modelId: 'matriz-v3',
      canaries: [{ ...healthy.canary, policy: null }],
      samples: healthy.samples,
      policy: LOOSE,
      window: WINDOW,
    });
    const synthetic = policyComparison([{ name: 'loose.json', result: range }]);
    expect(synthetic.canaries[0]?.decisions[0]?.differs).toBeNull();
    expect(synthetic.totals.policies[0]?.differ).toBe(0);
  });

  it('needs at least one replay', () => {
    expect(() => policyComparison([])).toThrow('at least one replay');
  });
});
