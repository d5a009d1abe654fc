import type { CockpitEvent } from '@lukhas/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationDeliveryOutcome, NotificationPost } from './notification-delivery.ts';
import type { NotifiableEventType, NotificationSettings } from './notification-settings.ts';
import { createNotifier, type NotificationOutcome, type NotifierOptions } from './notifier.ts';
import type { SlackMessage } from './slack-message.ts';

const SETTINGS: NotificationSettings = {
  slackUrl: 'https://hooks.example.com/services/secret',
  events: ['started', 'paused', 'promoted', 'rolled_back'],
  publicUrl: null,
};

let nextId = 1;
function event(type: NotifiableEventType): CockpitEvent {
  const id = nextId++;
  return {
    id,
    topic: 'canary/canary_1',
    kind: 'canary',
    entityId: 'canary_1',
    type: type as CockpitEvent['type'],
    ts: '2025-10-03T14:21:00.000Z',
    data: { canaryId: 'canary_1', modelId: `model-${id}` },
    narrative: `[2025-10-03 14:21] event ${id}`,
  };
}

/** A deliverer whose calls stay open until the test settles them. */
function heldDeliverer() {
  const calls: { post: NotificationPost; settle: (outcome: NotificationDeliveryOutcome) => void }[] = [];
  const deliver = vi.fn(
    (post: NotificationPost) =>
      new Promise<NotificationDeliveryOutcome>((settle) => {
        calls.push({ post, settle });
      }),
  );
  return { deliver, calls };
}

function setUp(overrides: Partial<NotifierOptions> = {}) {
  const outcomes: NotificationOutcome[] = [];
  const delivered: string[] = [];
  const deliver = vi.fn(async (post: NotificationPost) => {
    delivered.push((post.payload as SlackMessage).text);
    return { ok: true };
  });
  const notifier = createNotifier({
    settings: SETTINGS,
    deliver,
    onOutcome: (outcome) => outcomes.push(outcome),
    ...overrides,
  });
  return { notifier, outcomes, delivered, deliver };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createNotifier', () => {
  it('delivers the notified events one by one, in order, after notify() returned', async () => {
    const { notifier, outcomes, delivered, deliver } = setUp();
    const events = [event('started'), event('metric'), event('paused'), event('queued'), event('promoted')];
    for (const each of events) notifier.notify(each);
    expect(deliver).not.toHaveBeenCalled();
    expect(notifier.pending()).toBe(3);
    await notifier.close();
    expect(delivered).toEqual(['event 1', 'event 3', 'event 5']);
    expect(outcomes).toEqual([
      { eventType: 'started', eventId: 1, outcome: 'sent', failure: null },
      { eventType: 'paused', eventId: 3, outcome: 'sent', failure: null },
      { eventType: 'promoted', eventId: 5, outcome: 'sent', failure: null },
    ]);
    expect(deliver.mock.calls[0]?.[0].url).toBe(SETTINGS.slackUrl);
    // Each post names its event: the deliverer's idempotency key, the same on a relay's attempt.
    expect(deliver.mock.calls.map(([post]) => post.eventId)).toEqual([1, 3, 5]);
    expect(notifier.pending()).toBe(0);
  });

  it('sends nothing without a Slack URL', async () => {
    const { notifier, outcomes, deliver } = setUp({ settings: { ...SETTINGS, slackUrl: null } });
    notifier.notify(event('started'));
    expect(notifier.pending()).toBe(0);
    await notifier.close();
    expect(deliver).not.toHaveBeenCalled();
    expect(outcomes).toEqual([]);
  });

  it('counts a failed, a rejected and a throwing delivery as failed and goes on', async () => {
    const answers: (() => Promise<NotificationDeliveryOutcome>)[] = [
      async () => ({ ok: false, failure: 'HTTP 5xx' }),
      async () => {
        throw new Error('fetch failed for https://hooks.example.com/services/secret');
      },
      () => {
        throw new TypeError('not even a promise');
      },
      async () => ({ ok: true }),
    ];
    const { notifier, outcomes } = setUp({
      deliver: () => (answers.shift() ?? (async () => ({ ok: true })))(),
    });
    for (let index = 0; index < 4; index += 1) notifier.notify(event('started'));
    await notifier.close();
    expect(outcomes.map(({ outcome, failure }) => [outcome, failure])).toEqual([
      ['failed', 'HTTP 5xx'],
      ['failed', 'delivery error'],
      ['failed', 'delivery error'],
      ['sent', null],
    ]);
  });

  it('abandons a delivery that never settles after deliveryTimeoutMs, aborting it', async () => {
    const { deliver, calls } = heldDeliverer();
    const { notifier, outcomes } = setUp({ deliver, deliveryTimeoutMs: 5000 });
    notifier.notify(event('started'));
    notifier.notify(event('promoted'));
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls).toHaveLength(1);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[0]?.post.signal.aborted).toBe(true);
    expect(outcomes).toEqual([
      expect.objectContaining({ eventType: 'started', outcome: 'failed', failure: 'timeout' }),
    ]);
    expect(calls).toHaveLength(2);
    calls[1]?.settle({ ok: true });
    // A late answer to the abandoned delivery changes nothing.
    calls[0]?.settle({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes.map(({ outcome }) => outcome)).toEqual(['failed', 'sent']);
  });

  it('drops the oldest waiting message when the queue is full', async () => {
    const { deliver, calls } = heldDeliverer();
    const { notifier, outcomes } = setUp({ deliver, maxQueued: 2 });
    const first = event('started');
    notifier.notify(first);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    const waiting = [event('paused'), event('paused'), event('paused'), event('promoted')];
    for (const each of waiting) notifier.notify(each);
    expect(notifier.pending()).toBe(3);
    expect(outcomes).toEqual([
      { eventType: 'paused', eventId: waiting[0]?.id, outcome: 'dropped', failure: 'queue full' },
      { eventType: 'paused', eventId: waiting[1]?.id, outcome: 'dropped', failure: 'queue full' },
    ]);
    for (let index = 0; index < 3; index += 1) {
      calls[index]?.settle({ ok: true });
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(calls.map(({ post }) => (post.payload as SlackMessage).text)).toEqual([
      `event ${first.id}`,
      `event ${waiting[2]?.id}`,
      `event ${waiting[3]?.id}`,
    ]);
    expect(outcomes.filter(({ outcome }) => outcome === 'sent')).toHaveLength(3);
  });

  it('survives an onOutcome that throws and a notify() with garbage', async () => {
    const { notifier, delivered } = setUp({
      onOutcome: () => {
        throw new Error('metrics are down');
      },
    });
    expect(() => notifier.notify(undefined as unknown as CockpitEvent)).not.toThrow();
    notifier.notify(event('started'));
    notifier.notify(event('promoted'));
    await notifier.close();
    expect(delivered).toHaveLength(2);
  });

  it('close() waits for the queue, then refuses new events', async () => {
    const { deliver, calls } = heldDeliverer();
    const { notifier, outcomes } = setUp({ deliver });
    notifier.notify(event('started'));
    notifier.notify(event('promoted'));
    let closed = false;
    const closing = notifier.close().then(() => {
      closed = true;
    });
    expect(notifier.close()).toBe(notifier.close());
    notifier.notify(event('rolled_back'));
    expect(outcomes).toEqual([
      expect.objectContaining({ eventType: 'rolled_back', outcome: 'dropped', failure: 'closed' }),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    calls[0]?.settle({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(false);
    calls[1]?.settle({ ok: true });
    await closing;
    expect(outcomes.map(({ outcome }) => outcome)).toEqual(['dropped', 'sent', 'sent']);
  });

  it('close() is bounded: after closeTimeoutMs it aborts the delivery and drops the rest', async () => {
    const { deliver, calls } = heldDeliverer();
    const { notifier, outcomes } = setUp({ deliver, closeTimeoutMs: 1000 });
    for (let index = 0; index < 3; index += 1) notifier.notify(event('started'));
    const closing = notifier.close();
    await vi.advanceTimersByTimeAsync(1000);
    await closing;
    expect(calls).toHaveLength(1);
    expect(calls[0]?.post.signal.aborted).toBe(true);
    expect(outcomes.map(({ outcome, failure }) => [outcome, failure])).toEqual([
      ['dropped', 'closed'],
      ['dropped', 'closed'],
    ]);
    calls[0]?.settle({ ok: false, failure: 'aborted' });
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes.at(-1)).toEqual(expect.objectContaining({ outcome: 'failed', failure: 'aborted' }));
    expect(notifier.pending()).toBe(0);
  });
});
