/**
 * What the recording holds for a replay policy that compares the canary with its baseline: how
 * many samples carry a baseline reading, and which compared metrics the baseline never read. A
 * replay cannot sample a baseline that was not sampled; it says so rather than guess.
 */
import { SLO_METRICS, type SloMetric, type SloPolicy, type StoredSample } from '@lukhas/core';
import type { BaselineCoverage } from './replay-result.ts';

/**
 * Undefined when the replay policy has no `compare`. Otherwise the count of the canary's samples
 * (in the window) recorded with a baseline reading, the compared metrics, and those among them of
 * which no real baseline value was recorded (the comparison is then `NoData` for them).
 *
 * @example
 * baselineCoverage(policy, stored); // { samples: 0, compared: ['latency_p95_ms'], missing: ['latency_p95_ms'] }
 */
export function baselineCoverage(
  policy: SloPolicy,
  stored: readonly StoredSample[],
): BaselineCoverage | undefined {
  if (policy.compare === undefined) return undefined;
  const compare = policy.compare;
  const compared = SLO_METRICS.filter((metric) => compare[metric] !== undefined);
  const withBaseline = stored.filter((sample) => sample.baseline !== undefined && sample.baseline !== null);
  const read = (metric: SloMetric) =>
    withBaseline.some((sample) => typeof sample.baseline?.observed?.[metric] === 'number');
  return {
    samples: withBaseline.length,
    compared,
    missing: compared.filter((metric) => !read(metric)),
  };
}
