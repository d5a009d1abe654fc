import type { SloMetric, SloMonitor, SloQuery, SloReading } from '@lukhas/core';
import { createFallbackTracker, type FallbackKind, type SloMonitorStats } from './fallback-stats.ts';
import {
  parseSampleValue,
  readInstantValue,
  readRangeSeries,
  type SampleValueResult,
} from './prometheus-api.ts';
import {
  type PrometheusMonitorOptions,
  type PrometheusQueries,
  resolvePrometheusOptions,
} from './prometheus-options.ts';
import { requestPrometheus } from './prometheus-request.ts';
import { renderPromqlTemplate } from './promql-template.ts';
import { isSloPromError, SloPromError } from './slo-prom-error.ts';

/** A range query for the replayer: one metric of one model and gate, evaluated every `stepSeconds`. */
export interface RangeQuery {
  readonly metric: SloMetric;
  readonly modelId: string;
  readonly gate: string;
  /** The `$__window` of the rate inside the query, as for a live sample. */
  readonly windowSeconds: number;
  /** Epoch ms, inclusive. */
  readonly start: number;
  /** Epoch ms, inclusive. */
  readonly end: number;
  readonly stepSeconds: number;
  readonly signal?: AbortSignal;
}

/** One evaluation step of a range query; `value` is null (with a reason) where Prometheus had nothing usable. */
export interface RangePoint {
  /** Epoch ms. */
  readonly at: number;
  readonly value: number | null;
  readonly reason?: string;
}

/** The SLO monitor backed by Prometheus, with its counters and range queries. */
export interface PrometheusMonitor extends SloMonitor {
  readonly mode: 'prometheus';
  /** One instant query per requested metric, in parallel; never throws, a failed metric reads null with a reason. */
  sample(query: SloQuery): Promise<SloReading>;
  /**
   * One value per step from `start` to `end`; steps without data read null. Unlike `sample`, a query
   * that fails as a whole (unreachable, HTTP error, several series…) throws a `PROM_QUERY_FAILED`
   * {@link SloPromError}: the replayer reports it rather than judging invented values.
   */
  queryRange(query: RangeQuery): Promise<RangePoint[]>;
  stats(): SloMonitorStats;
  /** Shortcut for `stats().fallbackSince`, the shape /health asks for. */
  fallbackSince(): number | null;
}

/** Prometheus refuses range queries of more points than this per series. */
const MAX_RANGE_POINTS = 11_000;

const NOT_CONFIGURED: Readonly<Record<SloMetric, string>> = {
  latency_p95_ms: 'no latency query configured (PROM_QUERY_LAT)',
  error_rate: 'no error rate query configured (PROM_QUERY_ERR)',
  drift: 'no drift query configured (PROM_QUERY_DRIFT)',
};

/**
 * The Prometheus adapter of the `SloMonitor` port. Throws `PROM_INVALID_CONFIG` for unusable options.
 *
 * @example
 * const monitor = createPrometheusMonitor({ url: 'http://127.0.0.1:9090', timeoutMs: 2000 });
 * const reading = await monitor.sample({ modelId: 'lukhas-v2', gate: 'production', windowSeconds: 300, metrics: ['latency_p95_ms', 'error_rate'] });
 * // reading.values.latency_p95_ms → 212.5, or null with reading.reasons.latency_p95_ms → 'prometheus unreachable: ECONNREFUSED'
 */
export function createPrometheusMonitor(options: PrometheusMonitorOptions): PrometheusMonitor {
  const resolved = resolvePrometheusOptions(options);
  const tracker = createFallbackTracker(options.onFallback);

  async function readMetric(metric: SloMetric, query: SloQuery): Promise<SampleValueResult> {
    const template = templateFor(resolved.queries, metric);
    if (template === undefined)
      return { success: false, kind: 'not_configured', reason: NOT_CONFIGURED[metric] };
    let promql: string;
    try {
      promql = renderPromqlTemplate(template, query);
    } catch (error) {
      return {
        success: false,
        kind: 'invalid_query',
        reason: error instanceof Error ? error.message : String(error),
      };
    }
    try {
      const data = await requestPrometheus(resolved, {
        path: 'api/v1/query',
        params: { query: promql },
        metric,
        ...(query.signal === undefined ? {} : { signal: query.signal }),
      });
      return readInstantValue(data);
    } catch (error) {
      if (isSloPromError(error) && error.kind !== undefined) {
        return { success: false, kind: error.kind, reason: error.message };
      }
      // requestPrometheus wraps every failure; this only guards the "never throws" promise against a bug.
      return { success: false, kind: 'invalid_response', reason: String(error) };
    }
  }

  return {
    mode: 'prometheus',

    async sample(query) {
      const at = resolved.clock.now();
      const metrics = [...new Set(query.metrics)];
      const results = await Promise.all(metrics.map((metric) => readMetric(metric, query)));
      const values: Record<SloMetric, number | null> = {
        latency_p95_ms: null,
        error_rate: null,
        drift: null,
      };
      const reasons: Partial<Record<SloMetric, string>> = {};
      const failures: { metric: SloMetric; kind: FallbackKind; reason: string }[] = [];
      metrics.forEach((metric, index) => {
        const result = results[index];
        if (result === undefined) return;
        if (result.success) {
          values[metric] = result.value;
        } else {
          reasons[metric] = result.reason;
          failures.push({ metric, kind: result.kind, reason: result.reason });
        }
      });
      tracker.recordSample({
        modelId: query.modelId,
        gate: query.gate,
        at,
        queries: metrics.length,
        failures,
      });
      return { values, reasons };
    },

    async queryRange(query) {
      const stepMs = query.stepSeconds * 1000;
      if (!(Number.isFinite(query.start) && Number.isFinite(query.end) && query.end >= query.start)) {
        throw new SloPromError('PROM_INVALID_RANGE', 'a range query needs finite start <= end (epoch ms)');
      }
      if (!(Number.isFinite(stepMs) && stepMs >= 1)) {
        throw new SloPromError(
          'PROM_INVALID_RANGE',
          `stepSeconds must be positive, got ${query.stepSeconds}`,
        );
      }
      const steps = Math.floor((query.end - query.start) / stepMs) + 1;
      if (steps > MAX_RANGE_POINTS) {
        throw new SloPromError(
          'PROM_INVALID_RANGE',
          `${steps} steps exceed Prometheus' limit of ${MAX_RANGE_POINTS}; use a larger stepSeconds`,
        );
      }
      const template = templateFor(resolved.queries, query.metric);
      if (template === undefined) {
        throw new SloPromError('PROM_QUERY_FAILED', NOT_CONFIGURED[query.metric], {
          kind: 'not_configured',
          metric: query.metric,
        });
      }
      let promql: string;
      try {
        promql = renderPromqlTemplate(template, query);
      } catch (error) {
        throw new SloPromError('PROM_INVALID_RANGE', error instanceof Error ? error.message : String(error), {
          cause: error,
        });
      }
      const data = await requestPrometheus(resolved, {
        path: 'api/v1/query_range',
        params: {
          query: promql,
          start: String(query.start / 1000),
          end: String(query.end / 1000),
          step: String(query.stepSeconds),
        },
        metric: query.metric,
        ...(query.signal === undefined ? {} : { signal: query.signal }),
      });
      const series = readRangeSeries(data);
      if (!series.success) {
        throw new SloPromError('PROM_QUERY_FAILED', series.reason, {
          kind: series.kind,
          metric: query.metric,
        });
      }
      const byTime = new Map(series.points);
      const points: RangePoint[] = [];
      for (let step = 0; step < steps; step += 1) {
        const at = Math.round(query.start + step * stepMs);
        if (!byTime.has(at)) {
          points.push({ at, value: null, reason: 'no data' });
          continue;
        }
        const parsed = parseSampleValue(byTime.get(at));
        points.push(
          parsed.success ? { at, value: parsed.value } : { at, value: null, reason: parsed.reason },
        );
      }
      return points;
    },

    stats: () => tracker.stats(),
    fallbackSince: () => tracker.stats().fallbackSince,
  };
}

function templateFor(queries: PrometheusQueries, metric: SloMetric): string | undefined {
  if (metric === 'latency_p95_ms') return queries.latency;
  if (metric === 'error_rate') return queries.errorRate;
  return queries.drift;
}
