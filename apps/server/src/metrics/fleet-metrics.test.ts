import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricValue } from './fixtures/metric-values.ts';
import { fleetMetrics } from './fleet-metrics.ts';

describe('fleetMetrics', () => {
  it('reads the canaries owned and the takeovers from the engine at each scrape', async () => {
    const engine = { owned: 0, taken: 0 };
    const registry = new Registry();
    fleetMetrics({ registry, canaries: { activeCount: () => engine.owned, takeovers: () => engine.taken } });
    expect(await metricValue(registry, 'cockpit_canaries_owned')).toBe(0);
    expect(await metricValue(registry, 'cockpit_lease_takeovers_total')).toBe(0);
    engine.owned = 4;
    engine.taken = 3;
    expect(await metricValue(registry, 'cockpit_canaries_owned')).toBe(4);
    expect(await metricValue(registry, 'cockpit_lease_takeovers_total')).toBe(3);
    engine.owned = 1;
    expect(await metricValue(registry, 'cockpit_lease_takeovers_total')).toBe(3);
    expect(await metricValue(registry, 'cockpit_canaries_owned')).toBe(1);
  });
});
