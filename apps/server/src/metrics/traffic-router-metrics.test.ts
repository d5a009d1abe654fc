import type { TrafficRouterCallOutcome } from '@lukhas/traffic-router';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createEventFanOut } from '../event-fan-out.ts';
import { metricValue, seriesOf } from './fixtures/metric-values.ts';
import { trafficRouterMetrics } from './traffic-router-metrics.ts';

function setUp() {
  const calls = createEventFanOut<TrafficRouterCallOutcome>();
  const registry = new Registry();
  const stop = trafficRouterMetrics({ registry, onRouterCall: calls.subscribe });
  return { calls, registry, stop };
}

describe('trafficRouterMetrics', () => {
  it('exports every router × call × outcome at 0 before the first call', async () => {
    const { registry } = setUp();
    const series = await seriesOf(registry, 'cockpit_traffic_router_calls_total');
    expect(series).toHaveLength(3 * 3 * 7);
    expect(series.every((entry) => entry.value === 0)).toBe(true);
    expect(new Set(series.map((entry) => entry.labels.router))).toEqual(
      new Set(['none', 'webhook', 'haproxy']),
    );
    expect(new Set(series.map((entry) => entry.labels.call))).toEqual(
      new Set(['probe', 'check', 'set_weight']),
    );
    expect(new Set(series.map((entry) => entry.labels.outcome))).toEqual(
      new Set(['ok', 'invalid', 'unreachable', 'refused', 'not_applied', 'aborted', 'error']),
    );
  });

  it('counts each call by router, call and outcome, until unsubscribed', async () => {
    const { calls, registry, stop } = setUp();
    calls.publish({ router: 'haproxy', call: 'probe', outcome: 'ok' });
    calls.publish({ router: 'haproxy', call: 'set_weight', outcome: 'ok' });
    calls.publish({ router: 'haproxy', call: 'set_weight', outcome: 'ok' });
    calls.publish({ router: 'haproxy', call: 'check', outcome: 'refused' });
    const value = (call: string, outcome: string) =>
      metricValue(registry, 'cockpit_traffic_router_calls_total', { router: 'haproxy', call, outcome });
    expect(await value('probe', 'ok')).toBe(1);
    expect(await value('set_weight', 'ok')).toBe(2);
    expect(await value('check', 'refused')).toBe(1);
    expect(await value('check', 'ok')).toBe(0);
    stop();
    calls.publish({ router: 'haproxy', call: 'probe', outcome: 'ok' });
    expect(await value('probe', 'ok')).toBe(1);
  });
});
