/**
 * Chat notifications from the real cockpit process: a local HTTP receiver plays Slack's incoming
 * webhook. A stepped canary sends one Block Kit message per event LUKHAS_NOTIFY_EVENTS selects,
 * linking to the canary under LUKHAS_PUBLIC_URL; a receiver answering 500 neither blocks nor
 * delays the decision, and is counted in cockpit_notifications_total{outcome="failed"}.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BREACHING_TARGETS,
  HEALTHY_TARGETS,
  type SteppedCockpit,
  startSteppedCockpit,
} from './stepped-cockpit.ts';

const PUBLIC_URL = 'https://cockpit.example.test/ops';
const SECRET_PATH = '/services/T000/B000/s3cr3t-token';

interface Receiver {
  readonly url: string;
  /** The JSON bodies received, in order. */
  readonly messages: Record<string, unknown>[];
  /** Their Idempotency-Key headers, in the same order. */
  readonly keys: (string | undefined)[];
  close(): Promise<void>;
}

/** A Slack-like incoming webhook on loopback answering `status` to every POST. */
async function startReceiver(status: number): Promise<Receiver> {
  const messages: Record<string, unknown>[] = [];
  const keys: (string | undefined)[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === SECRET_PATH) {
        messages.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        keys.push(request.headers['idempotency-key'] as string | undefined);
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SECRET_PATH}`,
    messages,
    keys,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let receiver: Receiver | undefined;
let cockpit: SteppedCockpit | undefined;
afterEach(async () => {
  await cockpit?.close();
  await receiver?.close();
  cockpit = undefined;
  receiver = undefined;
});

async function metricsText(server: SteppedCockpit): Promise<string> {
  return (await fetch(`${server.server.url}/metrics`)).text();
}

/** Every mrkdwn text of a message's blocks, sections and fields. */
function blockTexts(message: Record<string, unknown>): string[] {
  const blocks = message.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[];
  return blocks.flatMap((block) => [
    block.text?.text ?? '',
    ...(block.fields ?? []).map((field) => field.text),
  ]);
}

describe('notifications to a Slack-compatible receiver', { timeout: 180_000 }, () => {
  it('sends one Block Kit message per selected event, linking to the canary under LUKHAS_PUBLIC_URL', async () => {
    receiver = await startReceiver(200);
    cockpit = await startSteppedCockpit({
      LUKHAS_NOTIFY_SLACK_URL: receiver.url,
      LUKHAS_NOTIFY_EVENTS: 'paused,promoted,rolled_back',
      LUKHAS_PUBLIC_URL: PUBLIC_URL,
    });
    expect(cockpit.server.output()).toContain('notifications: http://127.0.0.1:');
    expect(cockpit.server.output()).not.toContain('s3cr3t-token');

    const started = await cockpit.ok('start_canary', {
      modelId: 'notify-model',
      fromGate: 'staging',
      toGate: 'production',
      policy: {
        windowSeconds: 600,
        intervalSeconds: 0.5,
        minSamples: 2,
        targets: HEALTHY_TARGETS,
        steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 100 }],
      },
    });
    const canaryId = String(started.canaryId);
    await cockpit.nextEvent(canaryId, 'paused');
    const sent = receiver.messages;
    await waitFor(() => sent.length >= 1, { timeoutMs: 60_000, message: 'the paused message' });
    await cockpit.ok('promote_canary', { canaryId });
    await cockpit.nextEvent(canaryId, 'promoted');
    // One worker delivers in order: once the promotion's message is in, every earlier one is too.
    await waitFor(() => sent.length >= 2, { timeoutMs: 60_000, message: 'the promoted message' });

    expect(cockpit.eventsOf(canaryId).map((event) => event.type)).toEqual([
      'started',
      'step',
      'paused',
      'resumed',
      'step',
      'promoted',
    ]);
    expect(sent).toHaveLength(2);
    // The first attempt carries the key a relay's retry would send (outbox: at least once, deduped).
    const notified = cockpit
      .eventsOf(canaryId)
      .filter((event) => ['paused', 'promoted'].includes(event.type));
    expect(receiver.keys).toEqual(notified.map((event) => `notification:${event.id}`));
    const [paused, promoted] = sent;
    for (const message of sent) {
      expect(typeof message.text).toBe('string');
      expect(Array.isArray(message.blocks)).toBe(true);
      for (const block of message.blocks as { type: string; text?: { type: string } }[]) {
        expect(block.type).toBe('section');
        if (block.text !== undefined) expect(block.text.type).toBe('mrkdwn');
      }
      expect(blockTexts(message)).toContain(
        `<${PUBLIC_URL}/cockpit.html#canary=${canaryId}|Open in cockpit>`,
      );
    }
    expect(blockTexts(paused ?? {})[0]).toMatch(/^:double_vertical_bar: \*.*notify-model.*25%/);
    expect(paused?.text).toContain('notify-model');
    expect(blockTexts(promoted ?? {})[0]).toMatch(
      /^:white_check_mark: \*notify-model promoted to production\*/,
    );

    const metrics = await metricsText(cockpit);
    expect(metrics).toContain('cockpit_notifications_total{event="paused",outcome="sent"} 1');
    expect(metrics).toContain('cockpit_notifications_total{event="promoted",outcome="sent"} 1');
    expect(metrics).toContain('cockpit_notifications_total{event="started",outcome="sent"} 0');
  });

  it('a receiver answering 500 does not hold the decision, and the failure is counted', async () => {
    receiver = await startReceiver(500);
    cockpit = await startSteppedCockpit({
      LUKHAS_NOTIFY_SLACK_URL: receiver.url,
      LUKHAS_NOTIFY_EVENTS: 'rolled_back',
      // One attempt: the failure is final at once (retries have their own tests).
      LUKHAS_CANARY_WEBHOOK_RETRIES: '0',
    });
    const started = await cockpit.ok('start_canary', {
      modelId: 'notify-breach',
      fromGate: 'staging',
      toGate: 'production',
      policy: { windowSeconds: 60, intervalSeconds: 0.5, minSamples: 2, targets: BREACHING_TARGETS },
    });
    const canaryId = String(started.canaryId);
    await cockpit.nextEvent(canaryId, 'rolled_back');
    expect(await cockpit.ok('get_canary', { canaryId })).toMatchObject({
      status: 'rolled_back',
      decision: { outcome: 'rollback', rule: 'breach_limit' },
    });

    const running = cockpit;
    // At least once: the outbox's relay tries the failed message again later (2 s, then longer).
    await waitFor(
      async () =>
        /cockpit_notifications_total\{event="rolled_back",outcome="failed"\} [1-9]/.test(
          await metricsText(running),
        ),
      { timeoutMs: 60_000, intervalMs: 100, message: 'the failed notification in /metrics' },
    );
    expect(receiver.messages.length).toBeGreaterThanOrEqual(1);
    expect(await metricsText(running)).toContain(
      'cockpit_notifications_total{event="rolled_back",outcome="sent"} 0',
    );
    expect(running.server.output()).toMatch(/notifications: rolled_back event \d+ failed \(HTTP 5xx\)/);
    expect(running.server.output()).not.toContain('s3cr3t-token');

    // The cockpit goes on deciding: the next canary of the model starts and is decided too.
    const again = await running.ok('start_canary', {
      modelId: 'notify-breach',
      fromGate: 'staging',
      toGate: 'production',
      policy: { windowSeconds: 60, intervalSeconds: 0.5, minSamples: 2, targets: BREACHING_TARGETS },
    });
    await running.nextEvent(String(again.canaryId), 'rolled_back');
  });
});
