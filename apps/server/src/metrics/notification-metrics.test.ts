import type { NotificationOutcome } from '@lukhas/notifications';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createEventFanOut } from '../event-fan-out.ts';
import { metricValue, seriesOf } from './fixtures/metric-values.ts';
import { notificationMetrics } from './notification-metrics.ts';

function setUp() {
  const outcomes = createEventFanOut<NotificationOutcome>();
  const registry = new Registry();
  const stop = notificationMetrics({ registry, onNotification: outcomes.subscribe });
  return { outcomes, registry, stop };
}

describe('notificationMetrics', () => {
  it('exports every notifiable event type × outcome at 0 before the first notification', async () => {
    const { registry } = setUp();
    const series = await seriesOf(registry, 'cockpit_notifications_total');
    expect(series).toHaveLength(13 * 3);
    expect(series.every((entry) => entry.value === 0)).toBe(true);
    expect(series.slice(0, 3).map((entry) => entry.labels)).toEqual([
      { event: 'started', outcome: 'sent' },
      { event: 'started', outcome: 'failed' },
      { event: 'started', outcome: 'dropped' },
    ]);
    expect(series.map((entry) => entry.labels.event)).toContain('cancelled');
  });

  it('counts each outcome under its event type, until unsubscribed', async () => {
    const { outcomes, registry, stop } = setUp();
    const outcome = (eventType: NotificationOutcome['eventType'], result: NotificationOutcome['outcome']) =>
      outcomes.publish({
        eventType,
        eventId: 1,
        outcome: result,
        failure: result === 'sent' ? null : 'HTTP 5xx',
      });
    outcome('paused', 'sent');
    outcome('rolled_back', 'failed');
    outcome('rolled_back', 'failed');
    const value = (event: string, result: string) =>
      metricValue(registry, 'cockpit_notifications_total', { event, outcome: result });
    expect(await value('paused', 'sent')).toBe(1);
    expect(await value('rolled_back', 'failed')).toBe(2);
    expect(await value('rolled_back', 'sent')).toBe(0);
    stop();
    outcome('paused', 'sent');
    expect(await value('paused', 'sent')).toBe(1);
  });
});
