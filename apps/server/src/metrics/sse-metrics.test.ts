import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { fakeCockpit } from './fixtures/fake-cockpit.ts';
import { metricValue } from './fixtures/metric-values.ts';
import { sseMetrics } from './sse-metrics.ts';

describe('sseMetrics', () => {
  it('mirrors the bus: open streams, streams opened, events published and delivered, replays', async () => {
    const cockpit = fakeCockpit();
    const registry = new Registry();
    sseMetrics({ registry, bus: cockpit.bus });
    const names = [
      'cockpit_sse_clients',
      'cockpit_sse_connections_total',
      'cockpit_sse_events_published_total',
      'cockpit_sse_events_delivered_total',
      'cockpit_sse_slow_disconnects_total',
      'cockpit_sse_replays_total',
    ];
    for (const name of names) expect(await metricValue(registry, name)).toBe(0);

    const controller = new AbortController();
    const all = cockpit.bus.subscribe({ topics: ['*'], signal: controller.signal });
    const jobs = cockpit.bus.subscribe({ topics: ['jobs'] });
    cockpit.bus.subscribe({ topics: ['jobs'], lastEventId: 0 });
    cockpit.emit({ kind: 'job', entityId: 'job_1', type: 'queued', data: {} });
    cockpit.emit({ kind: 'canary', entityId: 'canary_1', type: 'started', data: {} });
    controller.abort();

    expect(await metricValue(registry, 'cockpit_sse_clients')).toBe(2);
    expect(await metricValue(registry, 'cockpit_sse_connections_total')).toBe(3);
    expect(await metricValue(registry, 'cockpit_sse_events_published_total')).toBe(2);
    // `*` got both events, each `jobs` stream the job event.
    expect(await metricValue(registry, 'cockpit_sse_events_delivered_total')).toBe(4);
    expect(await metricValue(registry, 'cockpit_sse_replays_total')).toBe(1);
    cockpit.bus.close();
    expect(await metricValue(registry, 'cockpit_sse_clients')).toBe(0);
    expect(await metricValue(registry, 'cockpit_sse_connections_total')).toBe(3);
    await Promise.all([all.cancel(), jobs.cancel()]);
  });
});
