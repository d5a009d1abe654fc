import type { Clock } from '@lukhas/core';
import type { FallbackEvent } from './fallback-stats.ts';
import { createPrometheusMonitor, type PrometheusMonitor } from './prometheus-monitor.ts';
import { type PrometheusFetch, prometheusOptionsFromEnv } from './prometheus-options.ts';
import { createStubMonitor, type StubMonitor, type StubMonitorOptions } from './stub-monitor.ts';

/** What the app injects next to the environment: the parts that are not configuration. */
export interface SloMonitorFromEnvOptions {
  readonly fetch?: PrometheusFetch;
  readonly clock?: Clock;
  readonly onFallback?: (event: FallbackEvent) => void;
  /** Profile and jitter of the stub, when PROM_URL is unset. */
  readonly stub?: Omit<StubMonitorOptions, 'clock' | 'onFallback'>;
}

/**
 * The SPEC rule: PROM_URL set → the Prometheus adapter, unset → the stub. Narrow on `mode`.
 * Throws `PROM_INVALID_CONFIG` for an unusable PROM_URL or PROM_TIMEOUT_MS, so a typo fails at start.
 *
 * @example
 * const monitor = createSloMonitorFromEnv(process.env, { onFallback: (event) => log(event.reason) });
 * if (monitor.mode === 'prometheus') await monitor.queryRange({ … });
 */
export function createSloMonitorFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: SloMonitorFromEnvOptions = {},
): PrometheusMonitor | StubMonitor {
  const injected = {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.onFallback === undefined ? {} : { onFallback: options.onFallback }),
  };
  const prometheus = prometheusOptionsFromEnv(env);
  if (prometheus === undefined) return createStubMonitor({ ...options.stub, ...injected });
  return createPrometheusMonitor({
    ...prometheus,
    ...injected,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
