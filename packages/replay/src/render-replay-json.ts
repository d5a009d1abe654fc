/**
 * The machine form of a replay (`--json`): stable text, byte-identical for the same result.
 */
import type { PolicyComparison } from './policy-comparison.ts';
import type { ReplayResult } from './replay-result.ts';
import { stableJson } from './stable-json.ts';

/**
 * The result as JSON with every object's keys sorted (code-unit order) at every depth, two-space
 * indent and a final newline, so two replays of the same data diff cleanly and hash the same.
 *
 * @example
 * await writeFile('replay.json', renderReplayJson(result));
 */
export function renderReplayJson(result: ReplayResult): string {
  return stableJson(result);
}

/**
 * A side-by-side replay of N policies as stable JSON, in the same form as {@link renderReplayJson}.
 *
 * @example
 * await writeFile('replay-day.json', renderPolicyComparisonJson(comparison));
 */
export function renderPolicyComparisonJson(comparison: PolicyComparison): string {
  return stableJson(comparison);
}
