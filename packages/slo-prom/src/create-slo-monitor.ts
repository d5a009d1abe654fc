import type { Clock } from '@lukhas/core';
import type { FallbackEvent } from './fallback-stats.ts';
import { createPrometheusMonitor, type PrometheusMonitor } from './prometheus-monitor.ts';
import type { PrometheusFetch, PrometheusSettings } from './prometheus-options.ts';
import { createStubMonitor, type StubMonitor, type StubMonitorOptions } from './stub-monitor.ts';

/** The settings (from {@link parsePrometheusSettings}) and what the app injects next to them. */
export interface SloMonitorOptions {
  /** Prometheus settings; undefined (PROM_URL unset) picks the stub. */
  readonly prometheus: PrometheusSettings | undefined;
  readonly fetch?: PrometheusFetch;
  readonly clock?: Clock;
  readonly onFallback?: (event: FallbackEvent) => void;
  /** Profile and jitter of the stub, when PROM_URL is unset. */
  readonly stub?: Omit<StubMonitorOptions, 'clock' | 'onFallback'>;
}

/**
 * The SPEC rule: PROM_URL set → the Prometheus adapter, unset → the stub. Narrow on `mode`.
 *
 * @example
 * const prometheus = parsePrometheusSettings(process.env); // throws PROM_INVALID_CONFIG at start
 * const monitor = createSloMonitor({ prometheus, onFallback: (event) => log(event.reason) });
 * if (monitor.mode === 'prometheus') await monitor.queryRange({ … });
 */
export function createSloMonitor(options: SloMonitorOptions): PrometheusMonitor | StubMonitor {
  const injected = {
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.onFallback === undefined ? {} : { onFallback: options.onFallback }),
  };
  if (options.prometheus === undefined) return createStubMonitor({ ...options.stub, ...injected });
  return createPrometheusMonitor({
    ...options.prometheus,
    ...injected,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
