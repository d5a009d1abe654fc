/**
 * The part of the Prometheus HTTP API answers the adapter reads
 * (https://prometheus.io/docs/prometheus/latest/querying/api/), and how a value is judged usable.
 */
import type { FallbackKind } from './fallback-stats.ts';

/** A reading judged usable, or why not (the `kind` is counted, the `reason` shown to operators). */
export type SampleValueResult =
  | { readonly success: true; readonly value: number }
  | { readonly success: false; readonly kind: FallbackKind; readonly reason: string };

/** One series of a range answer: `[epoch ms, raw value]` points, oldest first. */
export type RangeSeriesResult =
  | { readonly success: true; readonly points: readonly (readonly [number, unknown])[] }
  | { readonly success: false; readonly kind: FallbackKind; readonly reason: string };

/** A Prometheus sample value (a string such as `"0.42"`, `"NaN"`, `"+Inf"`) as a finite number, or why not. */
export function parseSampleValue(raw: unknown): SampleValueResult {
  if (raw === 'NaN') {
    return { success: false, kind: 'nan', reason: 'prometheus returned NaN (no traffic in the window?)' };
  }
  if (raw === '+Inf' || raw === '-Inf' || raw === 'Inf') {
    return { success: false, kind: 'infinite', reason: `prometheus returned ${raw}` };
  }
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) {
    return {
      success: false,
      kind: 'non_numeric',
      reason: `non-numeric value ${shorten(JSON.stringify(raw) ?? String(raw))}`,
    };
  }
  return { success: true, value };
}

/** The value of an instant query answer: a `scalar`, or a `vector` of exactly one series. */
export function readInstantValue(data: unknown): SampleValueResult {
  const resultType = field(data, 'resultType');
  const result = field(data, 'result');
  if (resultType === 'scalar' && Array.isArray(result)) return parseSampleValue(result[1]);
  if (resultType === 'vector' && Array.isArray(result)) {
    if (result.length === 0) return { success: false, kind: 'no_data', reason: 'no data' };
    // Never pick one of several series: which one would be a guess about the operator's query.
    if (result.length > 1) return multiSeries(result.length);
    const value = field(result[0], 'value');
    return parseSampleValue(Array.isArray(value) ? value[1] : undefined);
  }
  return {
    success: false,
    kind: 'invalid_response',
    reason: `expected a scalar or a one-element vector, got ${typeof resultType === 'string' ? `a ${resultType}` : 'no resultType'}`,
  };
}

/** The single series of a range query answer (`matrix`); no series gives no points. */
export function readRangeSeries(data: unknown): RangeSeriesResult {
  const result = field(data, 'result');
  if (field(data, 'resultType') !== 'matrix' || !Array.isArray(result)) {
    return { success: false, kind: 'invalid_response', reason: 'expected a matrix from a range query' };
  }
  if (result.length === 0) return { success: true, points: [] };
  if (result.length > 1) return multiSeries(result.length);
  const values = field(result[0], 'values');
  if (!Array.isArray(values)) {
    return { success: false, kind: 'invalid_response', reason: 'a range series without values' };
  }
  const points: (readonly [number, unknown])[] = [];
  for (const point of values) {
    if (Array.isArray(point) && typeof point[0] === 'number')
      points.push([Math.round(point[0] * 1000), point[1]]);
  }
  return { success: true, points };
}

/** Shortens text quoted from Prometheus (error messages, odd values) for a reason line. */
export function shorten(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function multiSeries(count: number) {
  return {
    success: false as const,
    kind: 'multi_series' as const,
    reason: `${count} series where 1 was expected`,
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
