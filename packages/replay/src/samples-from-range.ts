/**
 * Prometheus range data as replayable samples: there are no recorded canaries in a time series, so
 * the window is judged as ONE synthetic canary that starts at `from`.
 */
import { judgeBaselineSample, SLO_METRICS, type SloMetric, type StoredSample } from '@lukhas/core';
import { ReplayError } from './replay-error.ts';
import type { ReplayCanary } from './replay-result.ts';
import type { ReplayData } from './replay-source.ts';

/**
 * One evaluation step of the range data. A number is a reading; `null` is a step Prometheus had
 * no usable value for (judged as a fallback, like a live sample, with `reasons[metric]` or
 * `no data`); a metric left out (`undefined`) was not queried and is not judged.
 */
export interface RangeSamplePoint {
  /** Epoch ms. */
  readonly at: number;
  readonly latency_p95_ms?: number | null;
  readonly error_rate?: number | null;
  readonly drift?: number | null;
  readonly reasons?: Readonly<Partial<Record<SloMetric, string>>>;
  /** The baseline gate read at the same step (a replay policy with `compare`), in the same spelling. */
  readonly baseline?: RangeBaselinePoint;
}

/** The baseline gate's values at one step: a number, `null` for no usable value, left out when not queried. */
export interface RangeBaselinePoint {
  readonly gate: string;
  readonly latency_p95_ms?: number | null;
  readonly error_rate?: number | null;
  readonly drift?: number | null;
  readonly reasons?: Readonly<Partial<Record<SloMetric, string>>>;
}

/** Which model and gate the series are of, and the window they cover (epoch ms, inclusive). */
export interface RangeSampleOptions {
  readonly modelId: string;
  readonly gate: string;
  readonly from: number;
  readonly to: number;
}

/**
 * The synthetic canary is `range:<modelId>`, started at `from`, its recording ending at `to`,
 * with no recorded policy and no actual decision (`policy: null`, reported as `not_recorded`).
 * Its samples are the points in time order, `seq` from 1, each with its baseline reading when the
 * point has one (kept as the engine keeps it: a queried value without a number is a fallback, left
 * out of the comparisons). The replay policy's window then decides
 * over the first `windowSeconds` after `from`: later points are ignored, and a range shorter than
 * the window leaves it undecided.
 *
 * @example
 * const data = samplesFromRange(
 *   [{ at: from + 30_000, latency_p95_ms: 212, error_rate: 0.004 }],
 *   { modelId: 'matriz-v3', gate: 'production', from, to },
 * );
 * replayWindow({ ...data, modelId: 'matriz-v3', policy, window: { from, to } });
 */
export function samplesFromRange(
  points: readonly RangeSamplePoint[],
  options: RangeSampleOptions,
): ReplayData {
  const { modelId, gate, from, to } = options;
  for (const point of points) {
    if (!Number.isFinite(point.at)) {
      throw new ReplayError(
        'INVALID_RANGE_DATA',
        `invalid range data: a point at ${String(point.at)}, expected epoch ms`,
      );
    }
  }
  const canaryId = `range:${modelId}`;
  const ordered = [...points].sort((a, b) => a.at - b.at);
  const samples = ordered.map((point, index) => rangeSample(point, index + 1, { canaryId, modelId, gate }));
  const canary: ReplayCanary = {
    canaryId,
    modelId,
    fromGate: '',
    toGate: gate,
    status: 'running',
    policy: null,
    startedAt: new Date(from).toISOString(),
    windowEndsAt: new Date(to).toISOString(),
    decidedAt: null,
    decision: null,
  };
  return { source: 'prometheus', canaries: [canary], samples };
}

// Not judged here (there is no recorded policy): `values` mirror `observed`, no breaches.
function rangeSample(
  point: RangeSamplePoint,
  seq: number,
  owner: { canaryId: string; modelId: string; gate: string },
): StoredSample {
  const observed = {} as Record<SloMetric, number | null>;
  const fallbackReasons: Partial<Record<SloMetric, string>> = {};
  for (const metric of SLO_METRICS) {
    const value = point[metric];
    observed[metric] = typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
    if (value !== undefined && observed[metric] === null) {
      fallbackReasons[metric] = point.reasons?.[metric] ?? 'no data';
    }
  }
  return {
    ...owner,
    seq,
    at: point.at,
    observed,
    values: observed,
    fallback: Object.keys(fallbackReasons).length > 0,
    fallbackReasons,
    breaches: [],
    breached: false,
    ...(point.baseline === undefined ? {} : { baseline: rangeBaseline(point.baseline) }),
  };
}

// Through core's own keeper of baseline readings, so a range baseline reads like a recorded one.
function rangeBaseline(point: RangeBaselinePoint): NonNullable<StoredSample['baseline']> {
  const metrics = SLO_METRICS.filter((metric) => point[metric] !== undefined);
  const values = {} as Record<SloMetric, number | null>;
  const reasons: Partial<Record<SloMetric, string>> = {};
  for (const metric of SLO_METRICS) {
    values[metric] = point[metric] ?? null;
    if (point[metric] === null) reasons[metric] = point.reasons?.[metric] ?? 'no data';
  }
  return judgeBaselineSample({ gate: point.gate, reading: { values, reasons }, metrics });
}
