import type { SloMetric } from '@lukhas/core';

/** Every reason kind a reading can fall back for; the counters always carry all of them (stable /metrics labels). */
export const FALLBACK_KINDS = [
  'http_error',
  'prometheus_error',
  'invalid_response',
  'no_data',
  'nan',
  'infinite',
  'multi_series',
  'non_numeric',
  'timeout',
  'unreachable',
  'aborted',
  'not_configured',
  'invalid_query',
] as const;

/** Why a reading came back null, as a stable label (`http_error`, `unreachable`, …). */
export type FallbackKind = (typeof FALLBACK_KINDS)[number];

/** One reading that came back null, as passed to `onFallback`. */
export interface FallbackEvent {
  readonly metric: SloMetric;
  readonly kind: FallbackKind;
  /** Human reason, e.g. `prometheus unreachable: ECONNREFUSED`; the same text lands in `SloReading.reasons`. */
  readonly reason: string;
  readonly modelId: string;
  readonly gate: string;
  /** Epoch ms of the sample. */
  readonly at: number;
}

/** What a monitor has done so far, for /health and /metrics. */
export interface SloMonitorStats {
  /** `sample()` calls. */
  readonly samples: number;
  /** Metric readings attempted (one per requested metric per sample). */
  readonly queries: number;
  /** Null readings by kind; every kind is present, most at 0. */
  readonly fallbacks: Readonly<Record<FallbackKind, number>>;
  /** Epoch ms since when every sample has had a null reading; null after a fully good sample. */
  readonly fallbackSince: number | null;
  readonly lastFallback: FallbackEvent | null;
}

/** Counts readings and fallbacks for one monitor and tells `onFallback` about each fallback. */
export interface FallbackTracker {
  recordSample(sample: {
    readonly modelId: string;
    readonly gate: string;
    readonly at: number;
    readonly queries: number;
    readonly failures: readonly {
      readonly metric: SloMetric;
      readonly kind: FallbackKind;
      readonly reason: string;
    }[];
  }): void;
  stats(): SloMonitorStats;
}

/** A fresh tracker; `onFallback` errors are swallowed so a broken listener cannot break sampling. */
export function createFallbackTracker(onFallback?: (event: FallbackEvent) => void): FallbackTracker {
  const fallbacks = Object.fromEntries(FALLBACK_KINDS.map((kind) => [kind, 0])) as Record<
    FallbackKind,
    number
  >;
  let samples = 0;
  let queries = 0;
  let fallbackSince: number | null = null;
  let lastFallback: FallbackEvent | null = null;

  return {
    recordSample(sample) {
      samples += 1;
      queries += sample.queries;
      for (const failure of sample.failures) {
        fallbacks[failure.kind] += 1;
        lastFallback = { ...failure, modelId: sample.modelId, gate: sample.gate, at: sample.at };
        try {
          onFallback?.(lastFallback);
        } catch {
          // The listener is observability; a sample must still be returned.
        }
      }
      // An aborted reading says nothing about the backend's health, so it neither starts nor ends a streak.
      if (sample.failures.length === 0) fallbackSince = null;
      else if (sample.failures.some((failure) => failure.kind !== 'aborted')) fallbackSince ??= sample.at;
    },
    stats() {
      return { samples, queries, fallbacks: { ...fallbacks }, fallbackSince, lastFallback };
    },
  };
}
