/**
 * N replay policies side by side: every recorded canary of the window re-judged under each, next
 * to the decision actually taken, with per-policy totals. Built from one `ReplayResult` per policy.
 */
import { median, type SloPolicy } from '@lukhas/core';
import type {
  ActualDecision,
  CanaryReplay,
  CounterfactualDecision,
  DecisionDifference,
  ReplayResult,
  SkippedCanary,
} from './replay-result.ts';

/** A decision and how long after the canary's start it fell. */
interface TimedDecision {
  readonly rule: CounterfactualDecision['rule'];
  readonly decidedAt: string | null;
  /** Seconds from the canary's start to the decision; null without one. */
  readonly secondsToDecision: number | null;
}

/** One policy's decision on one canary. */
export interface PolicyDecision extends TimedDecision {
  /** The policy's name (as given, e.g. the policy file's path). */
  readonly policy: string;
  readonly state: CounterfactualDecision['state'];
  /** The outcome differs from the actual one (null when there is no recorded decision to differ from). */
  readonly differs: boolean | null;
  readonly difference: DecisionDifference;
  /** What a reader must know about this canary under this policy (see `CanaryReplay.caveats`). */
  readonly caveats: readonly string[];
}

/** One canary: its actual decision and, in policy order, each policy's. */
export interface PolicyComparisonCanary {
  readonly canaryId: string;
  readonly startedAt: string;
  readonly samples: number;
  readonly actual: TimedDecision & { readonly state: ActualDecision['state'] };
  readonly decisions: readonly PolicyDecision[];
}

/** Counts over the canaries for the actual decisions or one policy. */
export interface DecisionTotals {
  readonly canaries: number;
  readonly promoted: number;
  readonly rolledBack: number;
  /** No decision: still running (actual), or not enough recorded data (a policy). */
  readonly undecided: number;
  /** Median seconds from start to decision over the decided canaries; null when none decided. */
  readonly medianSecondsToDecision: number | null;
}

/** A policy's totals, with how many of its decisions differ from the actual ones. */
export interface PolicyTotals extends DecisionTotals {
  readonly policy: string;
  readonly differ: number;
}

/** The whole side-by-side replay. */
export interface PolicyComparison {
  readonly modelId: string;
  readonly source: ReplayResult['source'];
  readonly window: ReplayResult['window'];
  /** In the order given, each parsed with every default applied. */
  readonly policies: readonly { readonly name: string; readonly policy: SloPolicy }[];
  /** Ordered by start time, then id. */
  readonly canaries: readonly PolicyComparisonCanary[];
  readonly totals: { readonly actual: DecisionTotals; readonly policies: readonly PolicyTotals[] };
  /** Ordered by id. */
  readonly skipped: readonly SkippedCanary[];
}

/** One policy's replay, named. */
export interface NamedReplay {
  readonly name: string;
  readonly result: ReplayResult;
}

/**
 * Puts N replays of the same model and window side by side. A canary's outcome `differs` when the
 * policy's outcome (promote, roll back, or none) is not the actual one; the same outcome at
 * another time does not count (both times are shown). Pure and deterministic.
 *
 * @example
 * const comparison = policyComparison([
 *   { name: 'configs/slo-prod.json', result: prod },
 *   { name: 'configs/slo-strict.json', result: strict },
 * ]);
 * comparison.totals.policies[1]?.differ; // 2
 */
export function policyComparison(replays: readonly NamedReplay[]): PolicyComparison {
  const [first] = replays;
  if (first === undefined) throw new TypeError('policyComparison needs at least one replay');
  const byCanary = new Map<string, { replay: CanaryReplay; decisions: PolicyDecision[] }>();
  for (const { name, result } of replays) {
    for (const replay of result.canaries) {
      const entry = byCanary.get(replay.canaryId) ?? { replay, decisions: [] };
      entry.decisions.push(policyDecision(name, replay));
      byCanary.set(replay.canaryId, entry);
    }
  }
  const canaries = [...byCanary.values()]
    .map(({ replay, decisions }) => ({
      canaryId: replay.canaryId,
      startedAt: replay.startedAt,
      samples: replay.samples.length,
      actual: {
        state: replay.actual.state,
        ...timed(replay.startedAt, replay.actual.rule, replay.actual.decidedAt),
      },
      decisions,
    }))
    .sort((a, b) => compareText(a.startedAt, b.startedAt) || compareText(a.canaryId, b.canaryId));
  const skipped = new Map<string, SkippedCanary>();
  for (const { result } of replays) for (const skip of result.skipped) skipped.set(skip.canaryId, skip);
  return {
    modelId: first.result.modelId,
    source: first.result.source,
    window: first.result.window,
    policies: replays.map(({ name, result }) => ({ name, policy: result.policy })),
    canaries,
    totals: {
      actual: decisionTotals(canaries.map((canary) => canary.actual)),
      policies: replays.map(({ name }) => policyTotals(name, canaries)),
    },
    skipped: [...skipped.values()].sort((a, b) => compareText(a.canaryId, b.canaryId)),
  };
}

function policyDecision(name: string, replay: CanaryReplay): PolicyDecision {
  const { actual, counterfactual } = replay;
  return {
    policy: name,
    state: counterfactual.state,
    ...timed(replay.startedAt, counterfactual.rule, counterfactual.decidedAt),
    differs: actual.state === 'not_recorded' ? null : actual.outcome !== counterfactual.outcome,
    difference: replay.difference,
    caveats: replay.caveats,
  };
}

function timed(startedAt: string, rule: TimedDecision['rule'], decidedAt: string | null): TimedDecision {
  const seconds = decidedAt === null ? null : (Date.parse(decidedAt) - Date.parse(startedAt)) / 1000;
  return { rule, decidedAt, secondsToDecision: seconds };
}

function decisionTotals(decisions: readonly (TimedDecision & { state: string })[]): DecisionTotals {
  const times = decisions.flatMap((decision) =>
    decision.secondsToDecision === null ? [] : [decision.secondsToDecision],
  );
  return {
    canaries: decisions.length,
    promoted: decisions.filter((decision) => decision.state === 'promoted').length,
    rolledBack: decisions.filter((decision) => decision.state === 'rolled_back').length,
    undecided: decisions.filter((decision) => decision.decidedAt === null).length,
    medianSecondsToDecision: times.length === 0 ? null : median(times),
  };
}

// A canary a policy did not replay (it never does for one source and window) is not counted for it.
function policyTotals(name: string, canaries: readonly PolicyComparisonCanary[]): PolicyTotals {
  const decisions = canaries.flatMap((canary) =>
    canary.decisions.filter((decision) => decision.policy === name),
  );
  return {
    policy: name,
    ...decisionTotals(decisions),
    differ: decisions.filter((decision) => decision.differs === true).length,
  };
}

// Plain code-unit order: the same on every machine, unlike localeCompare.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
