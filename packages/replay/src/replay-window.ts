/**
 * Counterfactual replay: the recorded samples of a model in a window, re-judged with another
 * policy through the engine's own decision rule, next to the decisions actually taken.
 */
import {
  type BaselineSample,
  type BreachMetric,
  type CanarySample,
  compareSampleOrder,
  type DecisionMath,
  type DecisionMathSample,
  decideCanary,
  inSampleOrder,
  isoTime,
  parseSloPolicy,
  type SampleBreach,
  SLO_METRICS,
  type SloMetric,
  type SloPolicy,
  type StoredSample,
} from '@lukhas/core';
import { actualDecision } from './actual-decision.ts';
import { baselineCoverage } from './baseline-coverage.ts';
import { canaryCaveats } from './canary-caveats.ts';
import { decisionDifference } from './decision-difference.ts';
import { rejudgeSamples } from './rejudge-samples.ts';
import { parseReplayBounds, type ReplayBounds, type ReplayWindowInput } from './replay-bounds.ts';
import type {
  CanaryReplay,
  CounterfactualDecision,
  ReplayCanary,
  ReplayLadders,
  ReplayResult,
  ReplaySample,
  SkippedCanary,
} from './replay-result.ts';
import { replayTotals } from './replay-totals.ts';
import { recordedPromotions, recordedVerdict, replayLadders, stepAt } from './step-ladders.ts';

/** What to replay. */
export interface ReplayInput {
  readonly modelId: string;
  /** The model's canaries (stored records, or the synthetic one of `samplesFromRange`). */
  readonly canaries: readonly ReplayCanary[];
  /** The model's samples; those outside the window or of another model are ignored. */
  readonly samples: readonly StoredSample[];
  /** The replay policy in any spelling `parseSloPolicy` accepts (e.g. the parsed JSON of configs/slo-prod.json). */
  readonly policy: unknown;
  readonly window: ReplayWindowInput;
  /** Default `store`. */
  readonly source?: ReplayResult['source'];
}

/**
 * Replays a window. Per canary with samples in the window: its actual decision, and the decision
 * `decideCanary` takes over the same samples (their recorded times, seq and observed values)
 * re-judged with the replay policy's targets, from the canary's real `startedAt`, evaluated at
 * the end of the recorded data (the canary's own window end, or `to` if earlier). A bad policy
 * throws core's `DomainError` `INVALID_POLICY`; a bad window a `ReplayError` `INVALID_WINDOW`.
 * Pure and deterministic: the same input gives the same result.
 *
 * @example
 * const result = replayWindow({
 *   modelId: 'matriz-v3',
 *   canaries, // the CanaryRecords the samples belong to
 *   samples: await store.samplesOfModel({ modelId: 'matriz-v3', from, to }),
 *   policy: JSON.parse(policyText),
 *   window: { from: '2025-09-28T14:00:00Z', to: '2025-09-28T15:00:00Z' },
 * });
 * result.canaries[0]?.difference.summary; // 'would have promoted'
 */
export function replayWindow(input: ReplayInput): ReplayResult {
  const policy = parseSloPolicy(input.policy);
  const bounds = parseReplayBounds(input.window);
  const { modelId } = input;

  const byCanary = samplesByCanary(input.samples, modelId, bounds);

  const replays: CanaryReplay[] = [];
  const skipped: SkippedCanary[] = [];
  const known = new Set<string>();
  for (const canary of input.canaries) {
    if (canary.modelId !== modelId || known.has(canary.canaryId)) continue;
    known.add(canary.canaryId);
    const samples = byCanary.get(canary.canaryId);
    if (samples !== undefined && Number.isNaN(Date.parse(canary.startedAt))) {
      const reason = `unreadable start time ${JSON.stringify(canary.startedAt)}`;
      skipped.push({ canaryId: canary.canaryId, samples: samples.length, reason });
    } else if (samples !== undefined) replays.push(replayCanary(canary, samples, policy, bounds));
    else if (startsInside(canary, bounds)) {
      skipped.push({ canaryId: canary.canaryId, samples: 0, reason: 'no samples in the replay window' });
    }
  }
  for (const [canaryId, samples] of byCanary) {
    if (known.has(canaryId)) continue;
    skipped.push({ canaryId, samples: samples.length, reason: 'no canary record for these samples' });
  }

  replays.sort((a, b) => compareText(a.startedAt, b.startedAt) || compareText(a.canaryId, b.canaryId));
  skipped.sort((a, b) => compareText(a.canaryId, b.canaryId));
  return {
    modelId,
    source: input.source ?? 'store',
    window: { from: iso(bounds.from), to: iso(bounds.to) },
    policy,
    canaries: replays,
    skipped,
    totals: replayTotals(replays, input.samples.length),
  };
}

// The window's samples of the model, by canary. A store hands them over canary by canary (or at
// least in runs of one canary), so the list of the previous sample is tried before the map.
function samplesByCanary(
  samples: readonly StoredSample[],
  modelId: string,
  bounds: ReplayBounds,
): Map<string, StoredSample[]> {
  const byCanary = new Map<string, StoredSample[]>();
  let lastId = '';
  let lastList: StoredSample[] | undefined;
  for (const sample of samples) {
    if (sample.modelId !== modelId || sample.at < bounds.from || sample.at > bounds.to) continue;
    const { canaryId } = sample;
    if (lastList !== undefined && canaryId === lastId) {
      lastList.push(sample);
      continue;
    }
    const list = byCanary.get(canaryId);
    if (list === undefined) {
      lastList = [sample];
      byCanary.set(canaryId, lastList);
    } else {
      lastList = list;
      list.push(sample);
    }
    lastId = canaryId;
  }
  return byCanary;
}

// Time order, ties by seq (core's sample order): checked first, as stored samples usually come so.
function sortByTime(samples: StoredSample[]): void {
  if (!inSampleOrder(samples)) samples.sort(compareSampleOrder);
}

function replayCanary(
  canary: ReplayCanary,
  stored: StoredSample[],
  policy: SloPolicy,
  bounds: ReplayBounds,
): CanaryReplay {
  sortByTime(stored);
  const startedAt = Date.parse(canary.startedAt);
  const recordedUntil = recordingEnd(canary, startedAt);
  const until = Math.min(bounds.to, recordedUntil);
  const rejudged = rejudgeSamples(stored, policy.targets, canary.policy, {
    ...(policy.dryRun === undefined ? {} : { dryRun: policy.dryRun }),
  });
  // A person's promotions are not SLO data the replay could re-judge: taken as recorded (caveat).
  const promotions = recordedPromotions(canary);
  const verdict = decideCanary({ policy, startedAt, now: until, samples: rejudged.samples, promotions });
  const { decision } = verdict;
  const counterfactual: CounterfactualDecision = {
    state: decision === null ? 'undecided' : decision.outcome === 'promote' ? 'promoted' : 'rolled_back',
    outcome: decision?.outcome ?? null,
    rule: decision?.rule ?? null,
    decidedAt: decision === null ? null : iso(decision.decidedAt),
    reason: decision?.reason ?? null,
    evaluatedUntil: iso(until),
    math: verdict.math,
  };
  const actual = actualDecision(canary);
  const recorded = recordedVerdict(canary, actual, stored, until);
  const ladders = replayLadders(canary, recorded, verdict);
  const baseline = baselineCoverage(policy, stored);
  const context = {
    canary,
    actual,
    counterfactual,
    bounds,
    recordedUntil,
    stored,
    policy,
    recorded,
    ladders,
  };
  return {
    canaryId: canary.canaryId,
    modelId: canary.modelId,
    fromGate: canary.fromGate,
    toGate: canary.toGate,
    startedAt: iso(startedAt),
    samples: replaySamples(stored, rejudged.samples, verdict.math, canary.policy !== null, ladders),
    actual,
    counterfactual,
    difference: decisionDifference(actual, counterfactual),
    unjudgedTargets: rejudged.unjudgedTargets,
    ...(ladders === undefined ? {} : { ladders }),
    ...(baseline === undefined ? {} : { baseline }),
    caveats: canaryCaveats({ ...context, unjudgedTargets: rejudged.unjudgedTargets, baseline }),
  };
}

// The recording of a canary covers its own window; a synthetic canary's windowEndsAt is the range's end.
function recordingEnd(canary: ReplayCanary, startedAt: number): number {
  const endsAt = Date.parse(canary.windowEndsAt);
  if (!Number.isNaN(endsAt)) return endsAt;
  return canary.policy === null ? Number.POSITIVE_INFINITY : startedAt + canary.policy.windowSeconds * 1000;
}

function replaySamples(
  stored: readonly StoredSample[],
  judged: readonly CanarySample[],
  math: DecisionMath,
  recorded: boolean,
  ladders: ReplayLadders | undefined,
): ReplaySample[] {
  const samples = new Array<ReplaySample>(stored.length);
  for (let index = 0; index < stored.length; index += 1) {
    const sample = stored[index] as StoredSample;
    samples[index] = replaySample(
      sample,
      judged[index],
      atText(sample, math.samples[index]),
      recorded,
      ladders,
    );
  }
  return samples;
}

// The math lists the judged samples up to the decision, with their times already written: the
// same string serves the replayed sample (one string less each). The rule sorts a copy of the
// re-judged samples as `sortByTime` sorted them (a stable sort of a sorted list keeps it) and
// keeps those up to a time, so with finite times its i-th entry is the i-th stored sample; the
// seq is checked all the same. Anything else writes its own time (and a time that is not one
// throws, as it always did).
function atText(sample: StoredSample, judged: DecisionMathSample | undefined): string {
  return judged !== undefined && judged.seq === sample.seq && Number.isFinite(sample.at)
    ? judged.at
    : isoTime(sample.at);
}

// One object per sample, built with its keys in one fixed order (the JSON text depends on it); the
// observed values are the re-judged sample's own (`judgeSample` already wrote them number or null).
function replaySample(
  sample: StoredSample,
  rejudged: CanarySample | undefined,
  at: string,
  recorded: boolean,
  ladders: ReplayLadders | undefined,
): ReplaySample {
  const dryRun = breachedMetrics(rejudged?.breaches, true);
  const observed = rejudged?.observed ?? NOTHING_OBSERVED;
  const breachedActual = recorded ? sample.breached === true : null;
  const actualBreaches = recorded ? breachedMetrics(sample.breaches, false) : null;
  const breachedCounterfactual = rejudged?.breached ?? false;
  const counterfactualBreaches = breachedMetrics(rejudged?.breaches, false);
  const fallbackCounterfactual = rejudged?.fallback ?? false;
  if (rejudged?.baseline === undefined && dryRun.length === 0 && ladders === undefined) {
    return {
      seq: sample.seq,
      at,
      observed,
      breachedActual,
      actualBreaches,
      breachedCounterfactual,
      counterfactualBreaches,
      fallbackCounterfactual,
    };
  }
  return {
    seq: sample.seq,
    at,
    observed,
    ...(rejudged?.baseline === undefined ? {} : { baseline: baselineObserved(rejudged.baseline) }),
    breachedActual,
    actualBreaches,
    breachedCounterfactual,
    counterfactualBreaches,
    ...(dryRun.length === 0 ? {} : { dryRunBreaches: dryRun }),
    fallbackCounterfactual,
    ...(ladders === undefined
      ? {}
      : {
          steps: {
            recorded: stepAt(ladders.recorded, sample.at),
            replay: stepAt(ladders.replay, sample.at),
          },
        }),
  };
}

const NOTHING_OBSERVED: Readonly<Record<SloMetric, number | null>> = {
  latency_p95_ms: null,
  error_rate: null,
  drift: null,
};

const BREACH_METRICS: readonly BreachMetric[] = [...SLO_METRICS, 'error_budget'];

// In SLO_METRICS order then the error budget, once each, whatever a stored row holds: the decisive
// breaches, or (`dryRun`) those of the dry-run metrics, shown and never counted.
function breachedMetrics(
  breaches: readonly SampleBreach[] | null | undefined,
  dryRun: boolean,
): BreachMetric[] {
  if (breaches === null || breaches === undefined || breaches.length === 0) return NO_BREACHES;
  const metrics = BREACH_METRICS.filter((metric) =>
    breaches.some((breach) => breach.metric === metric && (breach.dryRun === true) === dryRun),
  );
  return metrics.length === 0 ? NO_BREACHES : metrics;
}

// Shared by every sample without breaches: frozen, so no reader can change them all at once.
const NO_BREACHES: BreachMetric[] = Object.freeze([]) as unknown as BreachMetric[];

// The values the baseline gate read, as the report shows them (null where it read none).
function baselineObserved(baseline: BaselineSample): Record<SloMetric, number | null> {
  const observed: Partial<Record<SloMetric, unknown>> = baseline.observed ?? {};
  const values = {} as Record<SloMetric, number | null>;
  for (const metric of SLO_METRICS) {
    const value = observed[metric];
    values[metric] = typeof value === 'number' ? value : null;
  }
  return values;
}

function startsInside(canary: ReplayCanary, bounds: ReplayBounds): boolean {
  const startedAt = Date.parse(canary.startedAt);
  return startedAt >= bounds.from && startedAt <= bounds.to;
}

// Plain code-unit order: the same on every machine, unlike localeCompare.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const iso = isoTime;
