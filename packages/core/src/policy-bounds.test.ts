import { describe, expect, it } from 'vitest';
import { POLICY_BOUNDS, policyBoundsIssues, resolvePolicyBounds } from './policy-bounds.ts';

describe('policyBoundsIssues', () => {
  it('accepts the defaults of the SPEC and the largest policies the bounds allow', () => {
    expect(policyBoundsIssues({ windowSeconds: 300, intervalSeconds: 30 })).toEqual([]);
    expect(policyBoundsIssues({ windowSeconds: 10_000, intervalSeconds: 1 })).toEqual([]);
    expect(policyBoundsIssues({ windowSeconds: 604_800, intervalSeconds: 60.48 })).toEqual([]);
  });

  it('judges a policy read back from storage without throwing, whatever it holds', () => {
    const stored = { windowSeconds: Number.NaN, intervalSeconds: undefined } as unknown as {
      windowSeconds: number;
      intervalSeconds: number;
    };
    expect(policyBoundsIssues(stored, POLICY_BOUNDS, 'policy').map((issue) => issue.path)).toEqual([
      'policy.windowSeconds',
      'policy.intervalSeconds',
    ]);
    expect(policyBoundsIssues({ windowSeconds: 1e8, intervalSeconds: 1 })).toEqual([
      { path: 'windowSeconds', message: 'expected at most 604800 seconds (7 days), received 100000000' },
    ]);
  });

  it('checks the bounds themselves', () => {
    expect(resolvePolicyBounds({ minIntervalSeconds: 0.25 })).toEqual({
      ...POLICY_BOUNDS,
      minIntervalSeconds: 0.25,
    });
    expect(resolvePolicyBounds({ minIntervalSeconds: undefined })).toEqual(POLICY_BOUNDS);
    expect(() => resolvePolicyBounds({ maxSamples: Number.NaN })).toThrow(
      'maxSamples must be a positive number',
    );
    expect(() => resolvePolicyBounds({ minIntervalSeconds: 1e9 })).toThrow(
      'must be at most maxWindowSeconds',
    );
  });
});
