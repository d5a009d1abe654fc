/**
 * Compares the actual decision with the counterfactual one: outcome first, then time.
 */
import type { ActualDecision, CounterfactualDecision, DecisionDifference } from './replay-result.ts';

/**
 * `undecided` when the counterfactual has no decision; `would_have_promoted` / `would_have_rolled_back`
 * when the outcomes differ (or the canary has no actual decision); else `same`, `earlier` or `later`
 * by the decision times, whatever rule fired.
 *
 * @example
 * decisionDifference(actual, counterfactual).summary; // 'would have decided earlier by 90s'
 */
export function decisionDifference(
  actual: Pick<ActualDecision, 'outcome' | 'decidedAt'>,
  counterfactual: Pick<CounterfactualDecision, 'outcome' | 'decidedAt'>,
): DecisionDifference {
  if (counterfactual.outcome === null || counterfactual.decidedAt === null) {
    return { kind: 'undecided', seconds: null, summary: 'undecided (not enough recorded data)' };
  }
  if (actual.outcome !== counterfactual.outcome || actual.decidedAt === null) {
    return counterfactual.outcome === 'promote'
      ? { kind: 'would_have_promoted', seconds: null, summary: 'would have promoted' }
      : { kind: 'would_have_rolled_back', seconds: null, summary: 'would have rolled back' };
  }
  const seconds = (Date.parse(counterfactual.decidedAt) - Date.parse(actual.decidedAt)) / 1000;
  if (seconds === 0) return { kind: 'same', seconds: 0, summary: 'same' };
  const by = formatSeconds(Math.abs(seconds));
  return seconds < 0
    ? { kind: 'earlier', seconds, summary: `would have decided earlier by ${by}` }
    : { kind: 'later', seconds, summary: `would have decided later by ${by}` };
}

/** `90s`, `0.5s`, `1.25s`: whole seconds bare, else up to millisecond precision. */
export function formatSeconds(seconds: number): string {
  return `${Number.isInteger(seconds) ? seconds : Number(seconds.toFixed(3))}s`;
}
