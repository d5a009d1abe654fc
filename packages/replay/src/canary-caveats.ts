/**
 * What a reader must know before trusting one canary's comparison: a replay only has the samples
 * that were taken, and says so instead of guessing.
 */
import {
  type CanaryVerdict,
  isoTime,
  type SloPolicy,
  type SloTargets,
  type StoredSample,
} from '@lukhas/core';
import type { ReplayBounds } from './replay-bounds.ts';
import type {
  ActualDecision,
  BaselineCoverage,
  CounterfactualDecision,
  ReplayCanary,
  ReplayLadders,
} from './replay-result.ts';
import { stepCaveats } from './step-caveats.ts';

/** The facts of one replayed canary the caveats are drawn from. */
export interface CaveatFacts {
  readonly canary: ReplayCanary;
  readonly actual: ActualDecision;
  readonly counterfactual: CounterfactualDecision;
  readonly bounds: ReplayBounds;
  /** Epoch ms: where this canary's recorded data ends (its own window end). */
  readonly recordedUntil: number;
  /** Its samples in the window, in time order. */
  readonly stored: readonly StoredSample[];
  /** The replay policy. */
  readonly policy: SloPolicy;
  readonly unjudgedTargets: readonly (keyof SloTargets)[];
  /** The rule over the canary's own recorded policy and samples (null for a synthetic canary). */
  readonly recorded: CanaryVerdict | null;
  /** Both traffic ladders, when either policy has steps. */
  readonly ladders: ReplayLadders | undefined;
  /** What the recording holds to compare with, when the replay policy has `compare`. */
  readonly baseline: BaselineCoverage | undefined;
}

/** The caveats of one canary, in a fixed order; empty when the comparison needs none. */
export function canaryCaveats(facts: CaveatFacts): string[] {
  const { canary, actual, counterfactual, bounds, policy } = facts;
  const caveats: string[] = [];
  const startedAt = Date.parse(canary.startedAt);
  const until = Date.parse(counterfactual.evaluatedUntil);

  if (startedAt < bounds.from) {
    caveats.push(
      `started at ${iso(startedAt)}, before the replay window (from ${iso(bounds.from)}): its earlier samples are not replayed`,
    );
  }
  if (actual.rule === 'abort') {
    caveats.push(
      `the actual decision was an operator abort (${actual.reason ?? 'no reason given'}); a replay judges the SLO data only, so the counterfactual ignores the abort`,
    );
  }
  if (actual.rule === 'router_failed') {
    caveats.push(
      `the actual decision was a traffic router failure (${actual.reason ?? 'no reason recorded'}); a replay judges the SLO data only, so the counterfactual ignores it`,
    );
  }
  if (actual.decidedAt !== null && Date.parse(actual.decidedAt) < until) {
    const actualAt = Date.parse(actual.decidedAt);
    const decidedLater = counterfactual.decidedAt === null || Date.parse(counterfactual.decidedAt) > actualAt;
    if (decidedLater) {
      const taken = facts.stored.filter((sample) => sample.at <= actualAt).length;
      caveats.push(
        `sampling stopped at the actual decision (${actual.decidedAt}): the counterfactual judges the ${plural(taken, 'sample')} recorded until then; what later samples would have read is unknown`,
      );
    }
  }
  if (counterfactual.outcome === null && Date.parse(counterfactual.math.window.endsAt) > until) {
    const why =
      bounds.to < facts.recordedUntil
        ? 'the end of the replay window'
        : canary.policy === null
          ? 'the end of the range data'
          : "the canary's own window end";
    caveats.push(
      `the replay policy's window ends at ${counterfactual.math.window.endsAt}, after the recorded data (${counterfactual.evaluatedUntil}, ${why}): not enough recorded data to decide`,
    );
  }
  const recordedInterval = canary.policy?.intervalSeconds;
  if (recordedInterval !== undefined && recordedInterval !== policy.intervalSeconds) {
    caveats.push(
      `the canary was sampled every ${recordedInterval}s, the replay policy says every ${policy.intervalSeconds}s: samples keep their recorded times (a replay cannot take samples that were never taken)`,
    );
  }
  if (facts.unjudgedTargets.length > 0) {
    const source =
      canary.policy === null ? 'absent from the range data' : 'not recorded (its policy did not target it)';
    caveats.push(`${facts.unjudgedTargets.join(', ')} not judged: the metric was ${source}`);
  }
  const noBaseline = missingBaselineCaveat(facts.baseline);
  if (noBaseline !== null) caveats.push(noBaseline);
  caveats.push(...stepCaveats(facts));
  const mismatch = reproductionMismatch(facts);
  if (mismatch !== null) caveats.push(mismatch);
  return caveats;
}

// A comparison with nothing on one side is NoData, and the rule treats it as live (insufficient
// data at a decision point): the report must say that this is a gap in the recording, not evidence.
function missingBaselineCaveat(baseline: BaselineCoverage | undefined): string | null {
  if (baseline === undefined || baseline.missing.length === 0) return null;
  const what =
    baseline.samples === 0
      ? 'no baseline sample was recorded for this canary'
      : `its ${plural(baseline.samples, 'baseline sample')} hold no reading of ${baseline.missing.length === 1 ? 'it' : 'them'}`;
  return `the replay policy compares ${baseline.missing.join(', ')} with the baseline, but ${what}: the comparison is NoData and the rule decides as it does with NoData (insufficient_data at a decision point), which says nothing about how the canary compared with its baseline`;
}

// Decided under its OWN policy from the samples as the engine judged them (the stored judgement,
// with the recorded promotions and router failure), the window's samples should give back the
// stored decision; when they do not, samples are missing from the window (or the store), and the
// comparison is on partial data.
function reproductionMismatch(facts: CaveatFacts): string | null {
  const { actual, recorded } = facts;
  if (recorded === null || actual.decidedAt === null || actual.rule === 'abort') return null;
  const { decision } = recorded;
  if (
    decision !== null &&
    decision.outcome === actual.outcome &&
    decision.rule === actual.rule &&
    iso(decision.decidedAt) === actual.decidedAt
  ) {
    return null;
  }
  const got =
    decision === null
      ? 'no decision'
      : `${decision.outcome} (${decision.rule}) at ${iso(decision.decidedAt)}`;
  return `decided under its own recorded policy, the samples in the window give ${got}, not the recorded ${actual.outcome} (${actual.rule}) at ${actual.decidedAt}: the comparison is on partial data`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// Core's `toISOString` without a `Date`: a replay writes several of these per canary.
const iso = isoTime;
