import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricValue } from './fixtures/metric-values.ts';
import { serviceMetrics } from './service-metrics.ts';

describe('serviceMetrics', () => {
  it('says the build, follows the /health verdict at each scrape and counts evidence exports', async () => {
    const registry = new Registry();
    let verdict: boolean | Error = true;
    const service = serviceMetrics({
      registry,
      version: '1.2.3',
      canTakeTraffic: async () => {
        if (verdict instanceof Error) throw verdict;
        return verdict;
      },
    });
    expect(await metricValue(registry, 'cockpit_build_info', { version: '1.2.3' })).toBe(1);
    expect(await metricValue(registry, 'cockpit_health_status')).toBe(1);
    verdict = false;
    expect(await metricValue(registry, 'cockpit_health_status')).toBe(0);
    verdict = new Error('health check exploded');
    expect(await metricValue(registry, 'cockpit_health_status')).toBe(0);

    expect(await metricValue(registry, 'cockpit_evidence_exports_total', { outcome: 'ok' })).toBe(0);
    expect(await metricValue(registry, 'cockpit_evidence_exports_total', { outcome: 'error' })).toBe(0);
    service.recordEvidenceExport('error');
    expect(await metricValue(registry, 'cockpit_evidence_exports_total', { outcome: 'error' })).toBe(1);
  });
});
