/**
 * What a replay returns: per canary, the actual decision next to the counterfactual one, and the
 * totals. Plain data (ISO strings, numbers, arrays), JSON-serialisable and deterministic.
 */
import type {
  BreachMetric,
  CanaryDecisionRule,
  CanaryPromotionRecord,
  CanaryRecord,
  CanaryTraffic,
  DecisionMath,
  SloMetric,
  SloPolicy,
  SloTargets,
  StepsMath,
} from '@lukhas/core';

/**
 * A canary as the replay needs it. A stored `CanaryRecord` fits as it is; a synthetic canary over
 * Prometheus range data has `policy: null` (there was no recorded policy and no actual decision).
 */
export type ReplayCanary = Pick<
  CanaryRecord,
  | 'canaryId'
  | 'modelId'
  | 'fromGate'
  | 'toGate'
  | 'status'
  | 'startedAt'
  | 'windowEndsAt'
  | 'decidedAt'
  | 'decision'
> & {
  readonly policy: SloPolicy | null;
  /** The traffic ladder as stored (its `promotions` are replayed as recorded); absent or null without steps. */
  readonly traffic?: CanaryTraffic | null;
};

/** The decision the cockpit actually took, as stored. */
export interface ActualDecision {
  /** `running`: not decided (yet); `not_recorded`: a synthetic canary over range data. */
  readonly state: 'promoted' | 'rolled_back' | 'running' | 'not_recorded';
  readonly outcome: 'promote' | 'rollback' | null;
  readonly rule: CanaryDecisionRule | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  /** The policy the canary ran under; null for a synthetic canary. */
  readonly policy: SloPolicy | null;
}

/** The decision core's `decideCanary` takes over the same samples re-judged with the replay policy. */
export interface CounterfactualDecision {
  /** `undecided`: the recorded data ends before the replay policy could decide. */
  readonly state: 'promoted' | 'rolled_back' | 'undecided';
  readonly outcome: 'promote' | 'rollback' | null;
  readonly rule: CanaryDecisionRule | null;
  readonly decidedAt: string | null;
  readonly reason: string | null;
  /** The `now` the rule was evaluated at: the end of the recorded data for this canary. */
  readonly evaluatedUntil: string;
  /** The full math, as `why_math` shows it for a real decision. */
  readonly math: DecisionMath;
}

/** How the counterfactual differs from the actual decision. */
export type DifferenceKind =
  | 'same'
  | 'would_have_promoted'
  | 'would_have_rolled_back'
  | 'earlier'
  | 'later'
  | 'undecided';

/** The comparison of the two decisions; `seconds` is counterfactual minus actual decision time. */
export interface DecisionDifference {
  readonly kind: DifferenceKind;
  readonly seconds: number | null;
  /** `same`, `would have promoted`, `would have decided earlier by 90s`, … */
  readonly summary: string;
}

/** One replayed sample: what was read, and how each policy judged it. */
export interface ReplaySample {
  readonly seq: number;
  readonly at: string;
  /** As recorded; null where the value was missing (a fallback) or not recorded at all. */
  readonly observed: Readonly<Record<SloMetric, number | null>>;
  /** What the baseline gate read beside it (null where it read none); absent when no baseline was sampled. */
  readonly baseline?: Readonly<Record<SloMetric, number | null>>;
  /** As the engine judged it under the recorded policy; null for a synthetic canary. */
  readonly breachedActual: boolean | null;
  /** The metrics that breached under the recorded policy (decisive only); null for a synthetic canary. */
  readonly actualBreaches: readonly BreachMetric[] | null;
  readonly breachedCounterfactual: boolean;
  /** The metrics that breached under the replay policy (a fallback breaches at its conservative value); decisive only. */
  readonly counterfactualBreaches: readonly BreachMetric[];
  /** Breaches of the replay policy's `dryRun` metrics: shown, never counted; absent when none. */
  readonly dryRunBreaches?: readonly BreachMetric[];
  /** A targeted value of the replay policy was missing and judged at its conservative value. */
  readonly fallbackCounterfactual: boolean;
  /** Present when either policy has steps: the step this sample fell in under each ladder. */
  readonly steps?: {
    /** Under the recorded policy's ladder; null when it had no steps. */
    readonly recorded: SampleStep | null;
    /** Under the replay policy's ladder; null when it has no steps. */
    readonly replay: SampleStep | null;
  };
}

/** A step of a ladder a sample fell in, and the weight of toGate while it held. */
export interface SampleStep {
  /** The step's index in its policy's `steps`, from 0. */
  readonly index: number;
  /** Percent of the traffic on toGate. */
  readonly weight: number;
}

/**
 * A canary's traffic ladders (present when either policy has steps), each as core's `StepsMath`:
 * the timeline of steps with their times, weights, samples and breaches, and who ended a manual pause.
 */
export interface ReplayLadders {
  /** Walked under the recorded policy from the recorded samples and promotions; null without steps. */
  readonly recorded: StepsMath | null;
  /** Walked under the replay policy over the same samples and promotions; null without steps. */
  readonly replay: StepsMath | null;
  /** The operators' `promote_canary` calls as recorded: the replay takes them at these times. */
  readonly promotions: readonly CanaryPromotionRecord[];
}

/**
 * For a replay policy with `compare`: what the recording holds to compare with. A compared metric
 * in `missing` had no baseline reading at all, so the rule saw `NoData` for it (and at a decision
 * point rolls back for insufficient data, as it would live): a caveat says so.
 */
export interface BaselineCoverage {
  /** The canary's samples in the window recorded with a baseline reading. */
  readonly samples: number;
  /** The metrics the replay policy compares, in SLO_METRICS order. */
  readonly compared: readonly SloMetric[];
  /** Compared metrics of which no real baseline value was recorded. */
  readonly missing: readonly SloMetric[];
}

/** One canary of the window, replayed. */
export interface CanaryReplay {
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly startedAt: string;
  /** Its samples inside the replay window, in time order. */
  readonly samples: readonly ReplaySample[];
  readonly actual: ActualDecision;
  readonly counterfactual: CounterfactualDecision;
  readonly difference: DecisionDifference;
  /** Targets of the replay policy on a metric this canary never recorded: not judged. */
  readonly unjudgedTargets: readonly (keyof SloTargets)[];
  /** Present when the recorded or the replay policy has steps. */
  readonly ladders?: ReplayLadders;
  /** Present when the replay policy has `compare`. */
  readonly baseline?: BaselineCoverage;
  /** What the reader must know to trust the comparison (early stop, abort, short data…). */
  readonly caveats: readonly string[];
}

/** A canary that was not replayed, and why. */
export interface SkippedCanary {
  readonly canaryId: string;
  readonly samples: number;
  readonly reason: string;
}

/** The whole replay. */
export interface ReplayResult {
  readonly modelId: string;
  /** Where the samples came from: the store's recorded canaries, or Prometheus range data. */
  readonly source: 'store' | 'prometheus';
  readonly window: { readonly from: string; readonly to: string };
  /** The replay policy, parsed, every default applied. */
  readonly policy: SloPolicy;
  /** Ordered by start time, then id. */
  readonly canaries: readonly CanaryReplay[];
  /** Ordered by id. */
  readonly skipped: readonly SkippedCanary[];
  readonly totals: ReplayTotals;
}

/** Counts over the replay; `changed` = promoted + rolled back instead + earlier + later. */
export interface ReplayTotals {
  readonly canaries: number;
  /** Samples replayed. */
  readonly samples: number;
  /** Samples given but not replayed: outside the window, of another model, or of a skipped canary. */
  readonly samplesIgnored: number;
  readonly same: number;
  readonly changed: number;
  readonly wouldHavePromoted: number;
  readonly wouldHaveRolledBack: number;
  readonly earlier: number;
  readonly later: number;
  readonly undecided: number;
}
