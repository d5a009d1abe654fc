/**
 * The records the cockpit keeps. Times are ISO-8601 UTC strings in records and events,
 * and epoch milliseconds where the domain computes with them (clock, decision rule).
 */

import type { AllowedIncrease, BaselineVerdict } from './baseline-comparison.ts';
import type { CanaryStep } from './canary-steps.ts';
import type { SloPolicy } from './slo-policy.ts';
import type {
  CanaryDecisionOutcome,
  CanaryDecisionRule,
  CanaryEventType,
  CanaryStatus,
  FileEventType,
  JobEventType,
  JobStatus,
} from './statuses.ts';

export type { CanaryDecisionRule, CanaryEventType, CanaryStatus, FileEventType, JobEventType, JobStatus };

/** What a job or canary id names (and what an id generator makes ids for). */
export type EntityKind = 'job' | 'canary';

/**
 * What a bus event (and an audit row) is about: a job, a canary, or a file of the repository
 * (file operations, `LUKHAS_FILE_OPS=1`), whose id is its path relative to the root.
 */
export type EventKind = EntityKind | 'file';

/** The metrics an SLO policy can target. */
export type SloMetric = 'latency_p95_ms' | 'error_rate' | 'drift';

/** An evaluation job as stored and returned by the tools. */
export interface JobRecord {
  readonly jobId: string;
  readonly taskId: string;
  readonly configId: string | null;
  readonly status: JobStatus;
  /** 0..1 while running, 1 when completed, null before the first progress report. */
  readonly progress: number | null;
  /** Last progress message. */
  readonly message: string | null;
  readonly result: unknown;
  /** Why the job failed or was cancelled. */
  readonly error: string | null;
  /** Extra facts: exit status, signal, log tail, `simulated`. */
  readonly details: Readonly<Record<string, unknown>> | null;
  readonly operator: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/** Optional per-canary webhook URLs. */
export interface CanaryWebhooks {
  readonly onPromote?: string;
  readonly onRollback?: string;
  /** Must answer 2xx before a promotion is recorded. */
  readonly confirmPromotion?: string;
}

/** The decision that ended a canary. */
export interface CanaryDecisionSummary {
  readonly outcome: CanaryDecisionOutcome;
  readonly rule: CanaryDecisionRule;
  readonly reason: string;
}

/** An operator's `promote_canary` on a paused canary, as stored. */
export interface CanaryPromotionRecord {
  readonly at: string;
  /** True when it skipped every remaining step. */
  readonly full: boolean;
  readonly operator: string;
}

/** Where a canary with steps stands on its traffic ladder. */
export interface CanaryTraffic {
  /** The weight of `toGate` (0..100) the traffic router last applied. */
  readonly weight: number;
  /** The step in progress, 0-based (`stepCount` once every step is done). */
  readonly stepIndex: number;
  readonly stepCount: number;
  /** The `promote_canary` calls, oldest first: with the samples they fix the step clock. */
  readonly promotions: readonly CanaryPromotionRecord[];
}

/** A canary promotion of a model from one gate to another. */
export interface CanaryRecord {
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly status: CanaryStatus;
  readonly policy: SloPolicy;
  readonly webhooks: CanaryWebhooks | null;
  readonly operator: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Start of the SLO window. */
  readonly startedAt: string;
  readonly windowEndsAt: string;
  readonly decidedAt: string | null;
  readonly decision: CanaryDecisionSummary | null;
  /** The full math of the decision (see `DecisionMath`), stored when decided. */
  readonly math: DecisionMath | null;
  /** The traffic ladder of a canary with steps; null without steps. */
  readonly traffic: CanaryTraffic | null;
}

/** What an SLO monitor read for one sample; `null` is a value it could not get. */
export interface SloReading {
  readonly values: Readonly<Record<SloMetric, number | null>>;
  /** Why a value is missing, per metric (e.g. `prometheus unreachable: ECONNREFUSED`). */
  readonly reasons: Readonly<Partial<Record<SloMetric, string>>>;
}

/** A sample judged against the policy: what was observed, what was judged, and whether it breached. */
export interface CanarySample {
  /** 1-based position in the canary's sample sequence. */
  readonly seq: number;
  /** When it was taken, epoch ms. */
  readonly at: number;
  /** As read from the monitor; null where the value was missing, NaN or infinite. */
  readonly observed: Readonly<Record<SloMetric, number | null>>;
  /**
   * What was judged: the observed value, or the conservative value where a targeted metric was
   * missing; null for an untargeted metric that was missing.
   */
  readonly values: Readonly<Record<SloMetric, number | null>>;
  /** True when any targeted value was replaced by its conservative value. */
  readonly fallback: boolean;
  readonly fallbackReasons: Readonly<Partial<Record<SloMetric, string>>>;
  readonly breaches: readonly SampleBreach[];
  readonly breached: boolean;
  /** The baseline gate's reading taken with this sample (a policy with `baseline`). */
  readonly baseline?: BaselineSample;
}

/**
 * The baseline gate read at the same instant as a canary sample (same `seq` and `at`). It is never
 * judged against the targets (a baseline never breaches on its own); a metric it could not read is
 * conservative and `fallback`, and left out of the comparisons.
 */
export interface BaselineSample {
  /** The gate read: the policy's `baseline.gate`, by default the canary's `fromGate`. */
  readonly gate: string;
  readonly observed: Readonly<Record<SloMetric, number | null>>;
  readonly values: Readonly<Record<SloMetric, number | null>>;
  readonly fallback: boolean;
  readonly fallbackReasons: Readonly<Partial<Record<SloMetric, string>>>;
}

/** What a breach is on: a metric's own target, or the error-budget burn rate (value = burn rate). */
export type BreachMetric = SloMetric | 'error_budget';

/** One target a sample exceeded. */
export interface SampleBreach {
  readonly metric: BreachMetric;
  readonly value: number;
  readonly target: number;
  /** A breach on a `dryRun` metric: shown, never counted toward `failureLimit`. */
  readonly dryRun?: true;
}

/** A sample as shown in the math. */
export interface DecisionMathSample {
  readonly seq: number;
  readonly at: string;
  readonly observed: Readonly<Record<SloMetric, number | null>>;
  readonly values: Readonly<Record<SloMetric, number | null>>;
  readonly fallback: boolean;
  readonly fallbackReasons: Readonly<Partial<Record<SloMetric, string>>>;
  readonly breaches: readonly SampleBreach[];
  readonly breached: boolean;
  readonly baseline?: BaselineSample;
  /** Breaches counted up to and including this sample. */
  readonly breachesSoFar: number;
}

/** The math behind a decision (or the state so far when undecided): what `why_math` shows. */
export interface DecisionMath {
  readonly policy: SloPolicy;
  readonly window: {
    readonly startedAt: string;
    readonly endsAt: string;
    readonly elapsed: boolean;
  };
  /** The judged samples in time order: inside the window, up to `now` and up to the decision. */
  readonly samples: readonly DecisionMathSample[];
  readonly counts: {
    readonly samples: number;
    readonly real: number;
    readonly fallback: number;
    readonly breaches: number;
    /** Samples not judged: taken after the window end, after `now`, or after the decision. */
    readonly ignored: number;
  };
  readonly rule: CanaryDecisionRule | null;
  readonly outcome: 'promote' | 'rollback' | null;
  /** The sample whose breach crossed `failureLimit` (rule `breach_limit`), else null. */
  readonly decidingSample: number | null;
  readonly firstBreachAt: string | null;
  readonly decidedAt: string | null;
  /** Seconds from the first breaching sample to the decision, null without a breach or a decision. */
  readonly breachToActionSeconds: number | null;
  /** The traffic ladder, for a policy with steps. */
  readonly steps?: StepsMath;
  /** The canary against its baseline, for a policy with `compare`. */
  readonly comparisons?: ComparisonsMath;
  /** One sentence a human can read, e.g. `rolled back at sample 2: 1 breaching sample exceeds failureLimit 0 (latency_p95_ms 900 > 500)`. */
  readonly explanation: string;
}

/** The baseline comparisons at one instant: a decision point, or the latest sample while undecided. */
export interface ComparisonsMath {
  /** Samples taken up to this instant were compared. */
  readonly at: string;
  /** One per compared metric, in metric order. */
  readonly metrics: readonly ComparisonMath[];
}

/** One metric of the canary compared with its baseline (`compareWithBaseline`'s figures). */
export interface ComparisonMath {
  readonly metric: SloMetric;
  /** A `dryRun` metric: shown, never decisive. */
  readonly dryRun: boolean;
  readonly verdict: BaselineVerdict;
  /** The canary's real (non-fallback) values compared, in sample order. */
  readonly canary: readonly number[];
  /** The baseline's real values compared, in sample order. */
  readonly baseline: readonly number[];
  readonly confidence: number;
  readonly allowed: AllowedIncrease;
  /** The allowed increase in the metric's unit; null for `NoData`. */
  readonly allowedIncrease: number | null;
  readonly baselineMedian: number | null;
  /** The canary's Mann-Whitney U; null for `NoData`. */
  readonly u: number | null;
  /** One-sided p-value that the canary is worse (larger). */
  readonly pWorse: number | null;
  /** One-sided p-value that the canary is better (smaller). */
  readonly pBetter: number | null;
  readonly method: 'exact' | 'asymptotic' | null;
  /** The Hodges-Lehmann shift canary − baseline with its interval (bounds null when unbounded). */
  readonly shift: {
    readonly estimate: number;
    readonly lower: number | null;
    readonly upper: number | null;
  } | null;
  /** One line: `latency_p95_ms +33.3% vs baseline (p=0.004, allowed +10%)`. */
  readonly reason: string;
}

/** One step as it went (or goes): when it began and ended, and the weight it left. */
export interface StepMath {
  readonly index: number;
  readonly step: CanaryStep;
  readonly startedAt: string;
  /** Null while the step is in progress. */
  readonly endedAt: string | null;
  /** The weight of `toGate` while this step holds (after it, for a `setWeight`). */
  readonly weight: number;
  /** Samples taken while this step held, and how many of them breached. */
  readonly samples: number;
  readonly breaches: number;
  /** `promoted`: a person ended the pause; `full`: and skipped the rest. */
  readonly endedBy: 'clock' | 'promoted' | 'full' | null;
}

/** Where a canary with steps stands: its ladder and the weight its traffic router should hold. */
export interface StepsMath {
  /** The step in progress (`steps.length` once every step is done). */
  readonly index: number;
  readonly count: number;
  /** The weight of toGate the router should hold: 0 once rolled back, 100 once promoted. */
  readonly weight: number;
  readonly paused: boolean;
  readonly timeline: readonly StepMath[];
}

/** A model's current gate, recorded on promotion. */
export interface ModelRecord {
  readonly modelId: string;
  readonly gate: string;
  readonly updatedAt: string;
  readonly canaryId: string | null;
}

/** The envelope published on the bus and sent as SSE `data:` (SPEC "SSE"). */
export interface CockpitEvent {
  /** Persisted, monotonically increasing event id. */
  readonly id: number;
  /** Entity topic: `job/<id>`, `canary/<id>` or `file/<path>`. */
  readonly topic: string;
  readonly kind: EventKind;
  readonly entityId: string;
  readonly type: JobEventType | CanaryEventType | FileEventType;
  readonly ts: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The narrative line, `[YYYY-MM-DD HH:MM] subject → what`. */
  readonly narrative: string;
}

/** A structured audit row. */
export interface AuditEntry {
  readonly id: number;
  readonly createdAt: string;
  readonly actor: string;
  readonly action: string;
  readonly entityType: EventKind | 'model';
  readonly entityId: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A narrative audit row (the seed's `audits_narrative`). */
export interface NarrativeEntry {
  readonly id: number;
  readonly createdAt: string;
  readonly eventType: string;
  readonly entityId: string;
  readonly entityType: EventKind | 'model';
  /** `subject → what`, without the time prefix. */
  readonly message: string;
  /** The full line with its UTC time prefix. */
  readonly line: string;
  readonly operator: string;
  readonly context: Readonly<Record<string, unknown>> | null;
}
