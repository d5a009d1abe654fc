/**
 * Text for the HTML report: escaping and fixed-precision formatting. Nothing here reads a clock,
 * a locale or a time zone, so the same result renders to the same bytes everywhere.
 */
import type { SloMetric } from '@lukhas/core';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML/SVG elements and quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** A metric value as a person reads it: `412.5 ms`, `1.20%`, `0.150`; `—` for none. */
export function formatMetric(metric: SloMetric, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (metric) {
    case 'latency_p95_ms':
      return `${trimmed(value, 1)} ms`;
    case 'error_rate':
      return `${(value * 100).toFixed(2)}%`;
    case 'drift':
      return value.toFixed(3);
  }
}

/** A number with at most `digits` decimals and no trailing zeros: `412.5`, `800`. */
export function trimmed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** An SVG coordinate: one decimal, never `-0`. */
export function coordinate(value: number): string {
  const text = value.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** `2025-09-28 14:05:00Z` from an ISO string; `—` for null. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** A duration as a person reads it: `45s`, `5m 00s`, `1h 02m 03s`, `0.5s`; `—` for null. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const sign = seconds < 0 ? '−' : '';
  const total = Math.abs(seconds);
  if (total < 60) return `${sign}${trimmed(total, 3)}s`;
  const whole = Math.round(total);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours === 0
    ? `${sign}${minutes}m ${rest}s`
    : `${sign}${hours}h ${String(minutes).padStart(2, '0')}m ${rest}s`;
}

/** `14:05:00` from an ISO string (chart axis). */
export function formatClock(iso: string): string {
  return iso.slice(11, 19);
}

/** Human names of the metrics. */
export const METRIC_LABELS: Readonly<Record<SloMetric, string>> = {
  latency_p95_ms: 'p95 latency',
  error_rate: 'error rate',
  drift: 'drift',
};
