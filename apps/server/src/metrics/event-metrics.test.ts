import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventMetrics } from './event-metrics.ts';
import { fakeCockpit } from './fixtures/fake-cockpit.ts';
import { metricValue, seriesOf } from './fixtures/metric-values.ts';

function setUp() {
  const cockpit = fakeCockpit();
  const registry = new Registry();
  const stop = eventMetrics({ registry, onEvent: (listener) => cockpit.onEvent(listener) });
  return { cockpit, registry, stop };
}

const rolledBack = (data: Record<string, unknown>) =>
  ({ kind: 'canary', entityId: 'canary_1', type: 'rolled_back', data }) as const;

describe('eventMetrics', () => {
  it('exports every known label value at 0 before the first event', async () => {
    const { registry } = setUp();
    expect(
      (await seriesOf(registry, 'cockpit_job_transitions_total')).map((entry) => entry.labels.type),
    ).toEqual(['queued', 'running', 'progress', 'completed', 'failed', 'cancelled']);
    expect((await seriesOf(registry, 'cockpit_canary_decisions_total')).map((entry) => entry.labels)).toEqual(
      [
        { outcome: 'promote', rule: 'window_elapsed' },
        { outcome: 'promote', rule: 'steps_completed' },
        { outcome: 'rollback', rule: 'breach_limit' },
        { outcome: 'rollback', rule: 'window_elapsed' },
        { outcome: 'rollback', rule: 'insufficient_data' },
        { outcome: 'rollback', rule: 'abort' },
        { outcome: 'rollback', rule: 'steps_completed' },
        { outcome: 'rollback', rule: 'router_failed' },
        { outcome: 'rollback', rule: 'baseline_regression' },
      ],
    );
    expect(
      await metricValue(registry, 'cockpit_canary_decisions_total', { outcome: 'rollback', rule: 'abort' }),
    ).toBe(0);
    expect(await metricValue(registry, 'cockpit_canary_samples_total', { fallback: 'true' })).toBe(0);
    expect(await metricValue(registry, 'cockpit_canary_samples_total', { fallback: 'false' })).toBe(0);
  });

  it('counts job events by type', async () => {
    const { cockpit, registry } = setUp();
    for (const type of ['queued', 'running', 'progress', 'progress', 'completed'] as const) {
      cockpit.emit({ kind: 'job', entityId: 'job_1', type, data: {} });
    }
    expect(await metricValue(registry, 'cockpit_job_transitions_total', { type: 'progress' })).toBe(2);
    expect(await metricValue(registry, 'cockpit_job_transitions_total', { type: 'completed' })).toBe(1);
    expect(await metricValue(registry, 'cockpit_job_transitions_total', { type: 'failed' })).toBe(0);
  });

  it('counts samples by fallback and decisions by outcome and rule', async () => {
    const { cockpit, registry } = setUp();
    cockpit.emit({ kind: 'canary', entityId: 'canary_1', type: 'started', data: {} });
    cockpit.emit({ kind: 'canary', entityId: 'canary_1', type: 'metric', data: { fallback: false } });
    cockpit.emit({ kind: 'canary', entityId: 'canary_1', type: 'metric', data: { fallback: true } });
    cockpit.emit({ kind: 'canary', entityId: 'canary_1', type: 'metric', data: { fallback: false } });
    cockpit.emit({
      kind: 'canary',
      entityId: 'canary_1',
      type: 'promoted',
      data: { rule: 'window_elapsed', breachToActionSeconds: null },
    });
    cockpit.emit(rolledBack({ rule: 'insufficient_data', breachToActionSeconds: null }));
    cockpit.emit(rolledBack({ rule: 'abort', breachToActionSeconds: null }));

    expect(await metricValue(registry, 'cockpit_canary_samples_total', { fallback: 'false' })).toBe(2);
    expect(await metricValue(registry, 'cockpit_canary_samples_total', { fallback: 'true' })).toBe(1);
    const decisions = async (outcome: string, rule: string) =>
      metricValue(registry, 'cockpit_canary_decisions_total', { outcome, rule });
    expect(await decisions('promote', 'window_elapsed')).toBe(1);
    expect(await decisions('rollback', 'insufficient_data')).toBe(1);
    expect(await decisions('rollback', 'abort')).toBe(1);
    expect(await decisions('rollback', 'breach_limit')).toBe(0);
    // A promotion the confirm webhook blocked is a rollback under the rule that allowed it.
    cockpit.emit(rolledBack({ rule: 'window_elapsed', blocked: true }));
    expect(await decisions('rollback', 'window_elapsed')).toBe(1);
  });

  it('times breach_limit rollbacks from the first breach, and nothing else', async () => {
    const { cockpit, registry } = setUp();
    cockpit.emit(rolledBack({ rule: 'breach_limit', breachToActionSeconds: 0 }));
    cockpit.emit(rolledBack({ rule: 'breach_limit', breachToActionSeconds: 45 }));
    cockpit.emit(rolledBack({ rule: 'abort', breachToActionSeconds: 12 }));
    cockpit.emit(rolledBack({ rule: 'breach_limit', breachToActionSeconds: Number.NaN }));
    const name = 'cockpit_canary_breach_to_rollback_seconds';
    expect(await metricValue(registry, name, {}, `${name}_count`)).toBe(2);
    expect(await metricValue(registry, name, {}, `${name}_sum`)).toBe(45);
    expect(await metricValue(registry, name, { le: '0' }, `${name}_bucket`)).toBe(1);
    expect(await metricValue(registry, name, { le: '60' }, `${name}_bucket`)).toBe(2);
  });

  it('ignores what it does not know and never throws into the store', async () => {
    const { cockpit, registry } = setUp();
    expect(() => cockpit.emit(rolledBack({ rule: 'made_up' }))).not.toThrow();
    expect(() => cockpit.emit(rolledBack({}))).not.toThrow();
    const total = (await seriesOf(registry, 'cockpit_canary_decisions_total')).reduce(
      (sum, entry) => sum + entry.value,
      0,
    );
    expect(total).toBe(0);
  });

  it('stops counting once unsubscribed', async () => {
    const { cockpit, registry, stop } = setUp();
    stop();
    cockpit.emit({ kind: 'job', entityId: 'job_1', type: 'queued', data: {} });
    expect(await metricValue(registry, 'cockpit_job_transitions_total', { type: 'queued' })).toBe(0);
    expect(cockpit.listenerCount()).toBe(0);
  });
});
