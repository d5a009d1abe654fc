/**
 * The SLO monitor as /metrics shows it: which monitor, the metric readings it replaced with the
 * conservative value (by slo-prom's fallback kind), and since when it has been in fallback.
 */
import type { SloMonitorStats } from '@lukhas/slo-prom';
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the gauges read from the monitor. */
export interface SloMonitorMetricsSource {
  readonly mode: 'prometheus' | 'stub';
  /** `fallbacks`: null readings by kind, every kind present. */
  stats(): Pick<SloMonitorStats, 'fallbacks'>;
  /** Epoch ms since when every sample has been a fallback, or null. */
  fallbackSince(): number | null;
}

/**
 * Declares `cockpit_slo_monitor_info`, `cockpit_slo_fallback_samples_total` and
 * `cockpit_slo_fallback_engaged_since_seconds`.
 *
 * @example
 * sloMonitorMetrics({ registry, monitor: cockpit.monitor });
 */
export function sloMonitorMetrics(options: {
  readonly registry: Registry;
  readonly monitor: SloMonitorMetricsSource;
}): void {
  const { monitor } = options;
  const registers = [options.registry];
  const info = new Gauge({
    name: 'cockpit_slo_monitor_info',
    help: 'Which SLO monitor the cockpit samples canaries with (always 1).',
    labelNames: ['mode'] as const,
    registers,
  });
  info.set({ mode: monitor.mode }, 1);
  new Counter({
    name: 'cockpit_slo_fallback_samples_total',
    help: 'SLO metric readings replaced by the conservative value, by reason (the slo-prom fallback kind).',
    labelNames: ['reason'] as const,
    registers,
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(monitor.stats().fallbacks)) this.inc({ reason }, count);
    },
  });
  new Gauge({
    name: 'cockpit_slo_fallback_engaged_since_seconds',
    help: 'Unix time since when every SLO sample has been a fallback; 0 when not in fallback.',
    registers,
    collect() {
      const since = monitor.fallbackSince();
      this.set(since === null ? 0 : since / 1000);
    },
  });
}
