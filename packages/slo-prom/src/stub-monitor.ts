import type { Clock, SloMetric, SloMonitor, SloQuery, SloReading } from '@lukhas/core';
import {
  createFallbackTracker,
  type FallbackEvent,
  type FallbackKind,
  type SloMonitorStats,
} from './fallback-stats.ts';
import { seededUnit } from './seeded-jitter.ts';

/** What a stub sample answers; a metric left out takes the (jittered) profile value. */
export interface StubValues {
  readonly latency_p95_ms?: number | null;
  readonly error_rate?: number | null;
  readonly drift?: number | null;
  /** Answer after this many ms; an abort of the query's signal ends the wait with `sample aborted`. */
  readonly delayMs?: number;
  /** Never answer until the query's signal aborts (forever without a signal). */
  readonly hang?: boolean;
  /** Reasons for null values; default `stub: scripted missing value`. */
  readonly reasons?: Partial<Record<SloMetric, string>>;
}

/** Fixed values, or values per sample index (0-based, counted per model and gate). */
export type StubScript = StubValues | ((sampleIndex: number, query: SloQuery) => StubValues);

/** Which samples a script applies to; the most specific match wins (model+gate, model, gate, any). */
export interface StubTarget {
  readonly modelId?: string;
  readonly gate?: string;
}

/** One `sample()` call as the stub saw it. */
export interface StubCall {
  readonly modelId: string;
  readonly gate: string;
  readonly windowSeconds: number;
  readonly metrics: readonly SloMetric[];
  readonly sampleIndex: number;
  readonly at: number;
}

/** Options of {@link createStubMonitor}. */
export interface StubMonitorOptions {
  /** Healthy values answered when no script says otherwise; default {@link STUB_HEALTHY_PROFILE}. */
  readonly profile?: Partial<Record<SloMetric, number>>;
  /** Relative jitter of profile values, 0 for exact values; default 0.1 (±10%). Scripted values are never jittered. */
  readonly jitter?: number;
  readonly clock?: Clock;
  readonly onFallback?: (event: FallbackEvent) => void;
}

/** The deterministic SLO monitor for demos and tests (no PROM_URL). */
export interface StubMonitor extends SloMonitor {
  readonly mode: 'stub';
  /** Scripts the values of matching samples, replacing an earlier script for the same target. */
  set(target: StubTarget, script: StubScript): void;
  /** Forgets scripts, sample counters and the call log (all of them without a target). */
  clear(target?: StubTarget): void;
  /** Every `sample()` call so far, oldest first. */
  calls(): readonly StubCall[];
  stats(): SloMonitorStats;
  fallbackSince(): number | null;
}

/** Values well inside any sensible SLO, so demos promote. */
export const STUB_HEALTHY_PROFILE: Readonly<Record<SloMetric, number>> = {
  latency_p95_ms: 120,
  error_rate: 0.002,
  drift: 0.01,
};

const DECIMALS: Readonly<Record<SloMetric, number>> = { latency_p95_ms: 1, error_rate: 5, drift: 5 };

/**
 * A stub monitor: healthy jittered values by default, scripted per model and gate when asked.
 *
 * @example
 * const monitor = createStubMonitor();
 * monitor.set({ gate: 'production' }, (index) => (index >= 2 ? { error_rate: 0.2 } : {}));
 */
export function createStubMonitor(options: StubMonitorOptions = {}): StubMonitor {
  const profile = { ...STUB_HEALTHY_PROFILE, ...options.profile };
  const jitter = options.jitter ?? 0.1;
  const clock = options.clock ?? { now: () => Date.now() };
  const tracker = createFallbackTracker(options.onFallback);
  const scripts = new Map<string, StubScript>();
  const sampleCounts = new Map<string, number>();
  let callLog: StubCall[] = [];

  function scriptFor(modelId: string, gate: string): StubScript | undefined {
    // Most runs script nothing: four keys built per sample for nothing add up at 10,000 samples/s.
    if (scripts.size === 0) return undefined;
    return (
      scripts.get(targetKey({ modelId, gate })) ??
      scripts.get(targetKey({ modelId })) ??
      scripts.get(targetKey({ gate })) ??
      scripts.get(targetKey({}))
    );
  }

  function profileValue(metric: SloMetric, query: SloQuery, sampleIndex: number): number {
    const unit = seededUnit(query.modelId, query.gate, sampleIndex, metric);
    const factor = 10 ** DECIMALS[metric];
    return Math.round(profile[metric] * (1 + jitter * (2 * unit - 1)) * factor) / factor;
  }

  return {
    mode: 'stub',

    async sample(query) {
      const at = clock.now();
      const counterKey = targetKey({ modelId: query.modelId, gate: query.gate });
      const sampleIndex = sampleCounts.get(counterKey) ?? 0;
      sampleCounts.set(counterKey, sampleIndex + 1);
      const metrics = distinct(query.metrics);
      callLog.push({
        modelId: query.modelId,
        gate: query.gate,
        windowSeconds: query.windowSeconds,
        metrics,
        sampleIndex,
        at,
      });

      const script = scriptFor(query.modelId, query.gate);
      const scripted = (typeof script === 'function' ? script(sampleIndex, query) : script) ?? {};
      const answered = await waitFor(scripted, query.signal);

      const values: Record<SloMetric, number | null> = {
        latency_p95_ms: null,
        error_rate: null,
        drift: null,
      };
      const reasons: Partial<Record<SloMetric, string>> = {};
      const failures: { metric: SloMetric; kind: FallbackKind; reason: string }[] = [];
      for (const metric of metrics) {
        const scriptedValue = scripted[metric];
        const value = scriptedValue === undefined ? profileValue(metric, query, sampleIndex) : scriptedValue;
        const failure = answered ? judge(value, scripted.reasons?.[metric]) : ABORTED;
        if (failure === undefined) {
          values[metric] = value;
        } else {
          reasons[metric] = failure.reason;
          failures.push({ metric, ...failure });
        }
      }
      tracker.recordSample({
        modelId: query.modelId,
        gate: query.gate,
        at,
        queries: metrics.length,
        failures,
      });
      return { values, reasons } satisfies SloReading;
    },

    set(target, script) {
      scripts.set(targetKey(target), script);
    },

    clear(target) {
      if (target === undefined) {
        scripts.clear();
        sampleCounts.clear();
        callLog = [];
        return;
      }
      scripts.delete(targetKey(target));
      for (const key of [...sampleCounts.keys()]) {
        const [modelId = '', gate = ''] = key.split('\u0000');
        if (covers(target, modelId, gate)) sampleCounts.delete(key);
      }
      callLog = callLog.filter((call) => !covers(target, call.modelId, call.gate));
    },

    calls: () => [...callLog],
    stats: () => tracker.stats(),
    fallbackSince: () => tracker.stats().fallbackSince,
  };
}

// The metrics asked, each once; a list without repeats (the usual case) is copied without a Set.
function distinct(metrics: readonly SloMetric[]): SloMetric[] {
  const repeats = metrics.some((metric, index) => metrics.indexOf(metric) !== index);
  return repeats ? [...new Set(metrics)] : [...metrics];
}

function targetKey(target: StubTarget): string {
  // `*` is only a key for "any"; a real model or gate named `*` would collide, which nobody does.
  return `${target.modelId ?? '*'}\u0000${target.gate ?? '*'}`;
}

function covers(target: StubTarget, modelId: string, gate: string): boolean {
  return (target.modelId ?? modelId) === modelId && (target.gate ?? gate) === gate;
}

const ABORTED = { kind: 'aborted', reason: 'sample aborted' } as const;

function judge(value: number | null, reason: string | undefined) {
  if (value === null) {
    return { kind: 'no_data' as const, reason: reason ?? 'stub: scripted missing value' };
  }
  if (Number.isNaN(value)) return { kind: 'nan' as const, reason: reason ?? 'stub: scripted NaN' };
  if (!Number.isFinite(value)) {
    return { kind: 'infinite' as const, reason: reason ?? `stub: scripted ${value > 0 ? '+Inf' : '-Inf'}` };
  }
  return undefined;
}

/** Waits out `delayMs` or `hang`; false when the signal aborted first. */
function waitFor(scripted: StubValues, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  const delayMs = scripted.delayMs ?? 0;
  if (!scripted.hang && delayMs <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = scripted.hang ? undefined : setTimeout(finish, delayMs, true);
    const onAbort = () => finish(false);
    signal?.addEventListener('abort', onAbort, { once: true });
    function finish(elapsed: boolean) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(elapsed);
    }
  });
}
