/**
 * The notifier against a real HTTP receiver on loopback, delivering through the cockpit's webhook
 * poster: what a Slack-compatible incoming webhook would receive, and what happens when it fails,
 * hangs or cannot keep up.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CockpitEvent, systemTimers } from '@lukhas/core';
import { postWebhook } from '@lukhas/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNotifier,
  type DeliverNotification,
  type NotifiableEventType,
  type NotificationOutcome,
  type NotificationSettings,
  parseNotificationSettings,
  type SlackMessage,
} from '../src/index.ts';

const GENEROUS_MS = 120_000;

interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly message: SlackMessage;
}

type Answer = (response: ServerResponse, request: IncomingMessage, index: number) => void;

/** A loopback receiver that records each POST and answers it with `answer` (default 200 `ok`). */
async function startReceiver(answer: Answer = (response) => response.end('ok')) {
  const received: Received[] = [];
  let count = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        message: JSON.parse(Buffer.concat(chunks).toString('utf8')) as SlackMessage,
      });
      answer(response, request, count++);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { url: `http://127.0.0.1:${port}/services/T000/B000/s3cret`, received };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The cockpit's webhook poster with the knobs bound: the deliverer the server wires. */
function poster(knobs: { timeoutMs: number; retries: number }): DeliverNotification {
  return (post) =>
    postWebhook({ ...post, ...knobs, backoffMs: 10, fetch: globalThis.fetch, timers: systemTimers });
}

function settingsFor(url: string, env: Record<string, string> = {}): NotificationSettings {
  return parseNotificationSettings({
    LUKHAS_NOTIFY_SLACK_URL: url,
    LUKHAS_PUBLIC_URL: 'https://ops.example.com/',
    ...env,
  });
}

let nextId = 1;
function canaryEvent(type: NotifiableEventType, data: Record<string, unknown> = {}): CockpitEvent {
  const id = nextId++;
  return {
    id,
    topic: 'canary/canary_7f',
    kind: 'canary',
    entityId: 'canary_7f',
    type: type as CockpitEvent['type'],
    ts: '2025-10-03T14:21:00.000Z',
    data: {
      canaryId: 'canary_7f',
      modelId: 'lukhas-agi-v3',
      fromGate: 'staging',
      toGate: 'production',
      ...data,
    },
    narrative: `[2025-10-03 14:21] canary lukhas-agi-v3 → ${type} #${id}`,
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + GENEROUS_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('notifications to a Slack-compatible receiver', () => {
  it(
    'posts one Block Kit message per event, in order, with the link and escaped values',
    async () => {
      const receiver = await startReceiver();
      const outcomes: NotificationOutcome[] = [];
      const notifier = createNotifier({
        settings: settingsFor(receiver.url),
        deliver: poster({ timeoutMs: 10_000, retries: 0 }),
        onOutcome: (outcome) => outcomes.push(outcome),
        closeTimeoutMs: GENEROUS_MS,
      });
      const ladder = { index: 1, count: 4, weight: 25 };
      const events = [
        canaryEvent('started', { status: 'running', windowEndsAt: '2025-10-03T14:31:00.000Z' }),
        canaryEvent('step', { ...ladder, step: { setWeight: 25 } }),
        canaryEvent('metric', { seq: 1 }),
        canaryEvent('paused', { ...ladder, index: 2 }),
        canaryEvent('resumed', { ...ladder, index: 2, operator: 'alice <ops>', full: false }),
        canaryEvent('rolled_back', {
          rule: 'breach_limit',
          reason: 'error_rate 0.09 > 0.05 & rising',
          breachToActionSeconds: 2.5,
        }),
      ];
      for (const event of events) notifier.notify(event);
      await notifier.close();

      const sent = events.filter((event) => event.type !== 'metric');
      expect(receiver.received).toHaveLength(sent.length);
      expect(receiver.received.map(({ message }) => message.text)).toEqual(
        sent.map((event) => event.narrative.replace('[2025-10-03 14:21] ', '')),
      );
      expect(outcomes).toEqual(
        sent.map((event) => ({ eventType: event.type, eventId: event.id, outcome: 'sent', failure: null })),
      );
      for (const { path, contentType, message } of receiver.received) {
        expect(path).toBe('/services/T000/B000/s3cret');
        expect(contentType).toBe('application/json');
        expect(typeof message.text).toBe('string');
        expect(Array.isArray(message.blocks)).toBe(true);
        for (const block of message.blocks) {
          expect(typeof block).toBe('object');
          expect(block.type).toBe('section');
          if (block.text !== undefined) expect(block.text.type).toBe('mrkdwn');
          for (const column of block.fields ?? []) expect(column.type).toBe('mrkdwn');
        }
        expect(message.blocks.at(-1)?.text?.text).toBe(
          '<https://ops.example.com/cockpit.html#canary=canary_7f|Open in cockpit>',
        );
      }
      const body = (index: number) => JSON.stringify(receiver.received[index]?.message.blocks);
      expect(body(1)).toContain('25% (step 2 of 4)');
      expect(body(2)).toContain('paused at 25%: waiting for promote');
      expect(body(3)).toContain('alice &lt;ops&gt;');
      expect(body(3)).not.toContain('<ops>');
      expect(body(4)).toContain('error_rate 0.09 &gt; 0.05 &amp; rising');
      expect(body(4)).toContain('*Breach to action*\\n2.5s');
    },
    GENEROUS_MS,
  );

  it(
    'lets only the filtered events through (LUKHAS_NOTIFY_EVENTS=paused,rolled_back)',
    async () => {
      const receiver = await startReceiver();
      const outcomes: NotificationOutcome[] = [];
      const notifier = createNotifier({
        settings: settingsFor(receiver.url, { LUKHAS_NOTIFY_EVENTS: 'paused,rolled_back' }),
        deliver: poster({ timeoutMs: 10_000, retries: 0 }),
        onOutcome: (outcome) => outcomes.push(outcome),
        closeTimeoutMs: GENEROUS_MS,
      });
      for (const type of ['started', 'step', 'paused', 'resumed', 'promoted', 'rolled_back'] as const) {
        notifier.notify(canaryEvent(type, { weight: 50 }));
      }
      await notifier.close();
      expect(receiver.received.map(({ message }) => message.text.split(' → ')[1]?.split(' ')[0])).toEqual([
        'paused',
        'rolled_back',
      ]);
      expect(outcomes.map(({ eventType }) => eventType)).toEqual(['paused', 'rolled_back']);
    },
    GENEROUS_MS,
  );

  it(
    'counts a receiver answering 500 as failed, after the deliverer retried',
    async () => {
      const receiver = await startReceiver((response) => {
        response.statusCode = 500;
        response.end('internal error');
      });
      const outcomes: NotificationOutcome[] = [];
      const notifier = createNotifier({
        settings: settingsFor(receiver.url),
        deliver: poster({ timeoutMs: 10_000, retries: 1 }),
        onOutcome: (outcome) => outcomes.push(outcome),
        closeTimeoutMs: GENEROUS_MS,
      });
      const event = canaryEvent('rolled_back', { rule: 'abort' });
      notifier.notify(event);
      await notifier.close();
      expect(receiver.received).toHaveLength(2);
      expect(outcomes).toEqual([
        { eventType: 'rolled_back', eventId: event.id, outcome: 'failed', failure: 'HTTP 5xx' },
      ]);
    },
    GENEROUS_MS,
  );

  it(
    'does not block notify() on a receiver that never answers; the next events go out after the timeout',
    async () => {
      // The first request is held open for good; the others are answered at once.
      const receiver = await startReceiver((response, _request, index) => {
        if (index > 0) response.end('ok');
      });
      const outcomes: NotificationOutcome[] = [];
      const notifier = createNotifier({
        settings: settingsFor(receiver.url),
        deliver: poster({ timeoutMs: 300, retries: 0 }),
        onOutcome: (outcome) => outcomes.push(outcome),
        closeTimeoutMs: GENEROUS_MS,
      });
      const events = [canaryEvent('started'), canaryEvent('paused', { weight: 10 }), canaryEvent('promoted')];
      const before = performance.now();
      for (const event of events) notifier.notify(event);
      // notify() only queues: nothing has been sent, however slow the receiver.
      expect(performance.now() - before).toBeLessThan(1000);
      expect(notifier.pending()).toBe(3);
      await until(() => outcomes.length === 3, 'three outcomes');
      expect(outcomes.map(({ eventId, outcome, failure }) => [eventId, outcome, failure])).toEqual([
        [events[0]?.id, 'failed', 'timeout'],
        [events[1]?.id, 'sent', null],
        [events[2]?.id, 'sent', null],
      ]);
      expect(receiver.received.map(({ message }) => message.text)).toEqual(
        events.map((event) => event.narrative.replace('[2025-10-03 14:21] ', '')),
      );
      await notifier.close();
    },
    GENEROUS_MS,
  );

  it(
    'drops the oldest waiting messages when the receiver cannot keep up, and counts them',
    async () => {
      // The first request waits until the test releases it.
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      const receiver = await startReceiver((response, _request, index) => {
        if (index === 0) void released.then(() => response.end('ok'));
        else response.end('ok');
      });
      const outcomes: NotificationOutcome[] = [];
      const notifier = createNotifier({
        settings: settingsFor(receiver.url),
        deliver: poster({ timeoutMs: 60_000, retries: 0 }),
        onOutcome: (outcome) => outcomes.push(outcome),
        closeTimeoutMs: GENEROUS_MS,
        maxQueued: 3,
      });
      const first = canaryEvent('started');
      notifier.notify(first);
      await until(() => receiver.received.length === 1, 'the first request');
      const burst = Array.from({ length: 5 }, (_, index) =>
        canaryEvent('step', { weight: (index + 1) * 10 }),
      );
      for (const event of burst) notifier.notify(event);
      expect(notifier.pending()).toBe(4);
      expect(outcomes).toEqual(
        burst.slice(0, 2).map((event) => ({
          eventType: 'step',
          eventId: event.id,
          outcome: 'dropped',
          failure: 'queue full',
        })),
      );
      release();
      await notifier.close();
      const delivered = [first, ...burst.slice(2)];
      expect(receiver.received.map(({ message }) => message.text)).toEqual(
        delivered.map((event) => event.narrative.replace('[2025-10-03 14:21] ', '')),
      );
      expect(outcomes.filter(({ outcome }) => outcome === 'sent').map(({ eventId }) => eventId)).toEqual(
        delivered.map((event) => event.id),
      );
      expect(outcomes.filter(({ outcome }) => outcome === 'dropped')).toHaveLength(2);
    },
    GENEROUS_MS,
  );
});
