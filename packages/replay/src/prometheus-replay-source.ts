/**
 * A replay source over Prometheus range queries (`queryRange` of @lukhas/slo-prom's monitor),
 * for when there is no recorded history to replay.
 */
import { baselineMetrics, type SloMetric, type SloPolicy } from '@lukhas/core';
import type { ReplaySource } from './replay-source.ts';
import { type RangeBaselinePoint, type RangeSamplePoint, samplesFromRange } from './samples-from-range.ts';

/** One step of a range series, as slo-prom's `queryRange` returns it. */
export interface RangeStep {
  readonly at: number;
  readonly value: number | null;
  readonly reason?: string;
}

/** The subset of @lukhas/slo-prom's `PrometheusMonitor` this source uses. */
export interface RangeQuerier {
  queryRange(query: {
    readonly metric: SloMetric;
    readonly modelId: string;
    readonly gate: string;
    readonly windowSeconds: number;
    readonly start: number;
    readonly end: number;
    readonly stepSeconds: number;
    readonly signal?: AbortSignal;
  }): Promise<readonly RangeStep[]>;
}

/** The monitor, the gate the live canary would sample (its `toGate`), and an optional step. */
export interface PrometheusReplayOptions {
  readonly monitor: RangeQuerier;
  readonly gate: string;
  /** Seconds between points; default the replay policy's `intervalSeconds`, the live cadence. */
  readonly stepSeconds?: number;
  /**
   * The gate the baseline is read on when the replay policy has `compare` and no `baseline.gate`
   * (a live canary's `fromGate`). Without either, no baseline is queried and the report says so.
   */
  readonly baselineGate?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutablePoint = Mutable<RangeSamplePoint>;
type RangeQuery = Parameters<RangeQuerier['queryRange']>[0];

/**
 * Queries latency and error rate (and drift when the replay policy targets it) over the window,
 * with the policy's window as `$__window` like a live sample, and judges them as one synthetic
 * canary (`samplesFromRange`). A query that fails as a whole rejects with slo-prom's
 * `PROM_QUERY_FAILED`: the replay reports it rather than judging invented values. The one
 * exception is a drift query that is not configured (no PROM_QUERY_DRIFT): drift is then absent
 * from the data, and the replay reports `max_drift` as not judged instead of failing.
 *
 * @example
 * const source = prometheusReplaySource({ monitor: createPrometheusMonitor({ url }), gate: 'production' });
 * const result = await replayFromSource({ source, modelId, policy, window });
 */
export function prometheusReplaySource(options: PrometheusReplayOptions): ReplaySource {
  return {
    async load(query) {
      const { modelId, from, to, policy, signal } = query;
      const wanted: SloMetric[] = ['latency_p95_ms', 'error_rate'];
      if (policy.targets.max_drift !== undefined) wanted.push('drift');
      const base = {
        modelId,
        gate: options.gate,
        windowSeconds: policy.windowSeconds,
        start: from,
        end: to,
        stepSeconds: options.stepSeconds ?? policy.intervalSeconds,
        ...(signal === undefined ? {} : { signal }),
      };
      const baselineGate =
        policy.compare === undefined ? undefined : (policy.baseline?.gate ?? options.baselineGate);
      const [canary, baseline] = await Promise.all([
        querySeries(options.monitor, base, wanted),
        baselineGate === undefined
          ? undefined
          : querySeries(options.monitor, { ...base, gate: baselineGate }, baselineMetrics(policy)),
      ]);
      const points = mergeSeries(canary);
      if (baselineGate !== undefined && baseline !== undefined) {
        attachBaseline(points, mergeSeries(baseline), baselineGate, policy);
      }
      return samplesFromRange(points, { modelId, gate: options.gate, from, to });
    },
  };
}

async function querySeries(
  monitor: RangeQuerier,
  base: Omit<RangeQuery, 'metric'>,
  wanted: readonly SloMetric[],
): Promise<Map<SloMetric, readonly RangeStep[]>> {
  const series = await Promise.all(
    wanted.map((metric) =>
      monitor.queryRange({ ...base, metric }).catch((error: unknown) => {
        if (metric === 'drift' && isNotConfigured(error)) return null;
        throw error;
      }),
    ),
  );
  const queried = new Map<SloMetric, readonly RangeStep[]>();
  wanted.forEach((metric, index) => {
    const steps = series[index];
    if (steps !== undefined && steps !== null) queried.set(metric, steps);
  });
  return queried;
}

// Each canary point gets the baseline read at the same step; a step the baseline lacks is `no data`
// on its side (a fallback, left out of the comparisons), as a live baseline read that failed.
function attachBaseline(
  points: MutablePoint[],
  baseline: readonly RangeSamplePoint[],
  gate: string,
  policy: SloPolicy,
): void {
  const byTime = new Map(baseline.map((point) => [point.at, point]));
  const metrics = baselineMetrics(policy);
  for (const point of points) {
    const read = byTime.get(point.at);
    const side: Mutable<RangeBaselinePoint> = { gate };
    for (const metric of metrics) {
      const value = read?.[metric];
      side[metric] = value === undefined ? null : value;
      const reason = read === undefined ? 'no data' : read.reasons?.[metric];
      if (side[metric] === null) side.reasons = { ...side.reasons, [metric]: reason ?? 'no data' };
    }
    point.baseline = side;
  }
}

// One point per step time. A step that one series has and another lacks was queried all the same:
// the missing value is `no data` (a fallback), not an unrecorded metric.
function mergeSeries(series: ReadonlyMap<SloMetric, readonly RangeStep[]>): RangeSamplePoint[] {
  const points = new Map<number, MutablePoint>();
  for (const [metric, steps] of series) {
    for (const step of steps) {
      const point = points.get(step.at) ?? { at: step.at };
      point[metric] = step.value;
      if (step.value === null) point.reasons = { ...point.reasons, [metric]: step.reason ?? 'no data' };
      points.set(step.at, point);
    }
  }
  for (const point of points.values()) {
    for (const metric of series.keys()) {
      if (point[metric] !== undefined) continue;
      point[metric] = null;
      point.reasons = { ...point.reasons, [metric]: 'no data' };
    }
  }
  return [...points.values()];
}

// slo-prom's `PROM_QUERY_FAILED` of kind `not_configured`, recognised by shape: no import of the adapter.
function isNotConfigured(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { kind?: unknown }).kind === 'not_configured'
  );
}
