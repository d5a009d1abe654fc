/**
 * Counts over a replay: how many canaries, samples, and decisions that changed, by kind.
 */
import type { CanaryReplay, ReplayTotals } from './replay-result.ts';

/** Totals over the replayed canaries; `given` is how many samples the caller passed in. */
export function replayTotals(canaries: readonly CanaryReplay[], given: number): ReplayTotals {
  const count = (kind: CanaryReplay['difference']['kind']) =>
    canaries.filter((canary) => canary.difference.kind === kind).length;
  const samples = canaries.reduce((sum, canary) => sum + canary.samples.length, 0);
  const wouldHavePromoted = count('would_have_promoted');
  const wouldHaveRolledBack = count('would_have_rolled_back');
  const earlier = count('earlier');
  const later = count('later');
  return {
    canaries: canaries.length,
    samples,
    samplesIgnored: given - samples,
    same: count('same'),
    changed: wouldHavePromoted + wouldHaveRolledBack + earlier + later,
    wouldHavePromoted,
    wouldHaveRolledBack,
    earlier,
    later,
    undecided: count('undecided'),
  };
}
