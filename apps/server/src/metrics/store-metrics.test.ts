import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { fakeCockpit } from './fixtures/fake-cockpit.ts';
import { metricValue, seriesOf } from './fixtures/metric-values.ts';
import { storeMetrics } from './store-metrics.ts';

const NOW = Date.UTC(2025, 9, 3, 15, 0, 0);

function setUp() {
  const cockpit = fakeCockpit();
  const registry = new Registry();
  const errors: unknown[] = [];
  storeMetrics({
    registry,
    store: cockpit.store,
    now: () => NOW,
    onError: (error) => errors.push(error),
  });
  return { scripted: cockpit.scripted, registry, errors };
}

describe('storeMetrics', () => {
  it('reads jobs and canaries by status from the store at every scrape', async () => {
    const { scripted, registry } = setUp();
    expect(await metricValue(registry, 'cockpit_jobs', { status: 'running' })).toBe(0);
    expect((await seriesOf(registry, 'cockpit_canaries')).map((entry) => entry.labels.status)).toEqual([
      'running',
      'paused',
      'promoted',
      'rolled_back',
    ]);

    scripted.jobs = { queued: 4, running: 2, completed: 10, failed: 1, cancelled: 0 };
    scripted.canaries = { running: 1, paused: 0, promoted: 3, rolled_back: 2 };
    expect(await metricValue(registry, 'cockpit_jobs', { status: 'queued' })).toBe(4);
    expect(await metricValue(registry, 'cockpit_jobs', { status: 'completed' })).toBe(10);
    expect(await metricValue(registry, 'cockpit_canaries', { status: 'rolled_back' })).toBe(2);
  });

  it('shows how far the most overdue running canary is past its window end, 0 when none is', async () => {
    const { scripted, registry } = setUp();
    expect(await metricValue(registry, 'cockpit_canary_overdue_seconds')).toBe(0);
    scripted.runningWindowEnds = [new Date(NOW + 60_000).toISOString()];
    expect(await metricValue(registry, 'cockpit_canary_overdue_seconds')).toBe(0);
    scripted.runningWindowEnds.push(
      new Date(NOW - 960_000).toISOString(),
      new Date(NOW - 30_000).toISOString(),
    );
    expect(await metricValue(registry, 'cockpit_canary_overdue_seconds')).toBe(960);
  });

  it('leaves the series out (NaN for the overdue gauge) when the store cannot be read, and says why', async () => {
    const { scripted, registry, errors } = setUp();
    scripted.jobs.running = 3;
    expect(await metricValue(registry, 'cockpit_jobs', { status: 'running' })).toBe(3);
    scripted.failure = new Error('database is closed');
    expect(await seriesOf(registry, 'cockpit_jobs')).toEqual([]);
    expect(await seriesOf(registry, 'cockpit_canaries')).toEqual([]);
    expect(await metricValue(registry, 'cockpit_canary_overdue_seconds')).toBeNaN();
    expect(errors).toHaveLength(3);
    // prom-client writes NaN as `Nan`, which Prometheus (Go's ParseFloat) reads as NaN.
    expect(await registry.metrics()).toContain('cockpit_canary_overdue_seconds Nan');
  });

  it('shows the outbox’s calls still owed and the oldest one’s age, NaN when the store cannot be read', async () => {
    const { scripted, registry } = setUp();
    expect(await metricValue(registry, 'cockpit_outbox_depth')).toBe(0);
    expect(await metricValue(registry, 'cockpit_outbox_oldest_age_seconds')).toBe(0);
    scripted.outbox = { depth: 3, oldestAgeSeconds: 42.5 };
    expect(await metricValue(registry, 'cockpit_outbox_depth')).toBe(3);
    expect(await metricValue(registry, 'cockpit_outbox_oldest_age_seconds')).toBe(42.5);
    scripted.failure = new Error('database down');
    expect(await metricValue(registry, 'cockpit_outbox_depth')).toBeNaN();
    expect(await metricValue(registry, 'cockpit_outbox_oldest_age_seconds')).toBeNaN();
  });
});
