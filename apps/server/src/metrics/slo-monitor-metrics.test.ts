import { createStubMonitor } from '@lukhas/slo-prom';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricValue, seriesOf } from './fixtures/metric-values.ts';
import { sloMonitorMetrics } from './slo-monitor-metrics.ts';

const T0 = Date.UTC(2025, 9, 3, 14, 20, 0);
const query = { modelId: 'm', gate: 'production', windowSeconds: 60 } as const;

describe('sloMonitorMetrics', () => {
  it('shows the mode, fallback readings by reason, and since when the monitor is in fallback', async () => {
    let now = T0;
    const monitor = createStubMonitor({ jitter: 0, clock: { now: () => now } });
    const registry = new Registry();
    sloMonitorMetrics({ registry, monitor });

    expect(await metricValue(registry, 'cockpit_slo_monitor_info', { mode: 'stub' })).toBe(1);
    expect(await seriesOf(registry, 'cockpit_slo_fallback_samples_total')).toHaveLength(13);
    expect(await metricValue(registry, 'cockpit_slo_fallback_engaged_since_seconds')).toBe(0);

    monitor.set({}, { latency_p95_ms: null, error_rate: Number.NaN });
    await monitor.sample({ ...query, metrics: ['latency_p95_ms', 'error_rate'] });
    now += 30_000;
    await monitor.sample({ ...query, metrics: ['latency_p95_ms', 'error_rate'] });
    expect(await metricValue(registry, 'cockpit_slo_fallback_samples_total', { reason: 'no_data' })).toBe(2);
    expect(await metricValue(registry, 'cockpit_slo_fallback_samples_total', { reason: 'nan' })).toBe(2);
    expect(await metricValue(registry, 'cockpit_slo_fallback_samples_total', { reason: 'timeout' })).toBe(0);
    expect(await metricValue(registry, 'cockpit_slo_fallback_engaged_since_seconds')).toBe(T0 / 1000);

    monitor.clear();
    await monitor.sample({ ...query, metrics: ['latency_p95_ms'] });
    expect(await metricValue(registry, 'cockpit_slo_fallback_engaged_since_seconds')).toBe(0);
    expect(await metricValue(registry, 'cockpit_slo_fallback_samples_total', { reason: 'nan' })).toBe(2);
  });
});
