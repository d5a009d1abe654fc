import { describe, expect, it } from 'vitest';
import { createCockpitMetrics } from './cockpit-metrics.ts';
import { fakeCockpit } from './fixtures/fake-cockpit.ts';
import { metricValue } from './fixtures/metric-values.ts';
import { METRICS_CONTRACT, typesIn } from './fixtures/metrics-contract.ts';

describe('createCockpitMetrics', () => {
  it('holds every metric of the contract with its type and a HELP line, in a registry of its own', async () => {
    const metrics = createCockpitMetrics({
      cockpit: fakeCockpit(),
      version: '1.0.0',
      canTakeTraffic: async () => true,
    });
    const text = await metrics.render();
    const types = typesIn(text);
    for (const [name, type] of Object.entries(METRICS_CONTRACT)) {
      expect(types.get(name), name).toBe(type);
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    expect(types.get('cockpit_process_resident_memory_bytes')).toBe('gauge');
    expect(types.get('cockpit_nodejs_eventloop_lag_seconds')).toBe('gauge');
    // Gauges named like counters are left out (promtool lint); every other name is prefixed.
    expect(
      [...types.keys()].filter((name) => name.endsWith('_total') && types.get(name) !== 'counter'),
    ).toEqual([]);
    expect([...types.keys()].filter((name) => !name.startsWith('cockpit_'))).toEqual([]);
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    metrics.close();
  });

  it('keeps two cockpits apart (no global registry)', async () => {
    const first = fakeCockpit();
    const second = fakeCockpit();
    const options = { version: '1', canTakeTraffic: async () => true, processMetrics: false };
    const one = createCockpitMetrics({ ...options, cockpit: first });
    const two = createCockpitMetrics({ ...options, cockpit: second });
    first.emit({ kind: 'job', entityId: 'job_1', type: 'queued', data: {} });
    expect(await metricValue(one.registry, 'cockpit_job_transitions_total', { type: 'queued' })).toBe(1);
    expect(await metricValue(two.registry, 'cockpit_job_transitions_total', { type: 'queued' })).toBe(0);
    one.close();
    two.close();
    expect(first.listenerCount()).toBe(0);
  });

  it('feeds the counters from events, the gauges from the store, the bus and the monitor', async () => {
    const cockpit = fakeCockpit();
    const now = Date.UTC(2025, 9, 3, 15, 0, 0);
    const metrics = createCockpitMetrics({
      cockpit,
      version: '1',
      canTakeTraffic: async () => false,
      now: () => now,
      processMetrics: false,
    });
    cockpit.scripted.jobs.completed = 2;
    cockpit.scripted.runningWindowEnds = [new Date(now - 5_000).toISOString()];
    cockpit.bus.subscribe({ topics: ['*'] });
    cockpit.emit({ kind: 'job', entityId: 'job_1', type: 'completed', data: {} });
    metrics.recordEvidenceExport('ok');
    const { registry } = metrics;
    expect(await metricValue(registry, 'cockpit_job_transitions_total', { type: 'completed' })).toBe(1);
    expect(await metricValue(registry, 'cockpit_jobs', { status: 'completed' })).toBe(2);
    expect(await metricValue(registry, 'cockpit_canary_overdue_seconds')).toBe(5);
    expect(await metricValue(registry, 'cockpit_sse_events_delivered_total')).toBe(1);
    expect(await metricValue(registry, 'cockpit_slo_monitor_info', { mode: 'stub' })).toBe(1);
    expect(await metricValue(registry, 'cockpit_health_status')).toBe(0);
    expect(await metricValue(registry, 'cockpit_evidence_exports_total', { outcome: 'ok' })).toBe(1);
    metrics.close();
    cockpit.bus.close();
  });

  it("counts the notifier's outcomes and the router's calls, and stops at close()", async () => {
    const cockpit = fakeCockpit();
    const metrics = createCockpitMetrics({
      cockpit,
      version: '1',
      canTakeTraffic: async () => true,
      processMetrics: false,
    });
    cockpit.notified({ eventType: 'paused', eventId: 3, outcome: 'failed', failure: 'HTTP 5xx' });
    cockpit.routerCalled({ router: 'haproxy', call: 'set_weight', outcome: 'ok' });
    const notified = () =>
      metricValue(metrics.registry, 'cockpit_notifications_total', { event: 'paused', outcome: 'failed' });
    const routed = () =>
      metricValue(metrics.registry, 'cockpit_traffic_router_calls_total', {
        router: 'haproxy',
        call: 'set_weight',
        outcome: 'ok',
      });
    expect(await notified()).toBe(1);
    expect(await routed()).toBe(1);
    metrics.close();
    cockpit.notified({ eventType: 'paused', eventId: 4, outcome: 'failed', failure: 'HTTP 5xx' });
    cockpit.routerCalled({ router: 'haproxy', call: 'set_weight', outcome: 'ok' });
    expect(await notified()).toBe(1);
    expect(await routed()).toBe(1);
    cockpit.bus.close();
  });
});
