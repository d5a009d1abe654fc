/**
 * The client against a real HTTP server (node:http on 127.0.0.1) it does not control: streams cut
 * mid-frame while events keep being published, refusals, `retry:`, re-subscription and auth.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CockpitClientError,
  type CockpitEvent,
  type CockpitReconnectingEvent,
  LukhasMCPCockpit,
  systemTimers,
  type Timers,
} from '../src/index.ts';
import { type FakeCockpit, startFakeCockpit } from './fake-cockpit-server.ts';
import { until } from './until.ts';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let server: FakeCockpit | undefined;
let cockpit: LukhasMCPCockpit | undefined;
afterEach(async () => {
  cockpit?.close();
  await server?.close();
  server = undefined;
  cockpit = undefined;
});

describe('across forced disconnects', () => {
  it('delivers every event exactly once and in order, including those published during the drops', async () => {
    server = await startFakeCockpit({ replayOverlap: 3 });
    const fake = server;
    // Real timers; reconnect waits shortened 10× to keep the test quick (the delays asked are recorded).
    const fastTimers: Timers = {
      setTimeout: (callback, milliseconds) => systemTimers.setTimeout(callback, milliseconds / 10),
      clearTimeout: (handle) => systemTimers.clearTimeout(handle),
    };
    cockpit = new LukhasMCPCockpit(fake.url, 'api-key', { timers: fastTimers, idleTimeoutMs: 0 });
    const seen: CockpitEvent[] = [];
    const reconnects: CockpitReconnectingEvent[] = [];
    cockpit.on('*', (event) => seen.push(event));
    cockpit.on('reconnecting', (event) => reconnects.push(event));
    cockpit.subscribe('job/*');
    await until(() => fake.clientCount() === 1, 'the first stream');

    let step = 0;
    const publish = async (count: number) => {
      for (let index = 0; index < count; index += 1) {
        step += 1;
        fake.publish(`job/job_${step % 3}`, step % 2 === 0 ? 'progress' : 'running', { step });
        await sleep(1);
      }
    };
    for (let round = 0; round < 3; round += 1) {
      await publish(10);
      // Cut mid-frame: half of an event is on the wire, then the socket is destroyed.
      fake.dropStreams(true);
      await publish(10); // published while the client is away
      await until(() => fake.clientCount() === 1, `reconnection ${round + 1}`);
    }
    await publish(10);
    const total = step;
    await until(() => seen.length >= total, `${total} events`);
    await sleep(100);

    expect(seen.map((event) => event.id)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(seen.map((event) => event.data.step)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    expect(reconnects).toHaveLength(3);
    for (const reconnect of reconnects) {
      expect(reconnect.error.code).toBe('STREAM_INTERRUPTED');
      // The fake sends retry: 2000, so the first reconnect waits 2000–2750 ms.
      expect(reconnect.delayMs).toBeGreaterThanOrEqual(2000);
      expect(reconnect.delayMs).toBeLessThanOrEqual(2750);
    }
    // Each reconnection resumed after the last event delivered before its drop.
    expect(fake.sseRequests.map((request) => request.lastEventId)).toEqual([undefined, '10', '30', '50']);
    expect(cockpit.lastEventId).toBe(total);
  }, 30_000);

  it('backs off with jitter in 250–1000 ms, doubling per refusal, and honours the retry: the server sent', async () => {
    server = await startFakeCockpit({ retryMs: null });
    const fake = server;
    const delays: number[] = [];
    // Real timers, but the reconnect waits are shortened 50× so the test stays quick.
    const fastTimers: Timers = {
      setTimeout: (callback, milliseconds) => systemTimers.setTimeout(callback, milliseconds / 50),
      clearTimeout: (handle) => systemTimers.clearTimeout(handle),
    };
    cockpit = new LukhasMCPCockpit(fake.url, 'api-key', {
      timers: fastTimers,
      random: () => 0.5,
      idleTimeoutMs: 0,
    });
    cockpit.on('reconnecting', (event) => delays.push(event.delayMs));
    fake.refuseNext(503, 503, 502, 500);
    cockpit.subscribe('jobs');
    await until(() => fake.clientCount() === 1, 'the stream after four refusals');
    expect(delays).toEqual([625, 1250, 2500, 5000]);
    expect(fake.sseRequests.map((request) => request.status)).toEqual([503, 503, 502, 500, 200]);
    await fake.close();

    // A server that sends retry: 4000: its wish is the floor.
    server = await startFakeCockpit({ retryMs: 4000 });
    const second = server;
    const retryDelays: number[] = [];
    const client = new LukhasMCPCockpit(second.url, 'api-key', { random: () => 0 });
    cockpit = client;
    client.on('reconnecting', (event) => retryDelays.push(event.delayMs));
    client.subscribe('jobs');
    await until(() => second.clientCount() === 1, 'the stream');
    const dropped = Date.now();
    second.dropStreams();
    await until(() => second.clientCount() === 1, 'the reconnection', 10_000);
    expect(retryDelays).toEqual([4000]);
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(3900);
  }, 30_000);

  it('re-subscribing changes topics without losing or repeating an event', async () => {
    server = await startFakeCockpit();
    const fake = server;
    cockpit = new LukhasMCPCockpit(fake.url, 'api-key');
    const seen: string[] = [];
    cockpit.on('*', (event) => seen.push(`${event.id}:${event.topic}`));
    cockpit.subscribe('job/job_a');
    await until(() => fake.clientCount() === 1, 'the stream');
    fake.publish('job/job_a', 'queued');
    await until(() => seen.length === 1, 'the first event');

    cockpit.subscribe('canary/*');
    // Published while the client switches streams: the new stream replays them after Last-Event-ID 1.
    fake.publish('job/job_a', 'running');
    fake.publish('canary/canary_1', 'started');
    fake.publish('job/job_b', 'queued');
    await until(() => seen.length === 3, 'the events of the switch');
    fake.publish('canary/canary_1', 'metric');
    fake.publish('job/job_a', 'completed');
    await until(() => seen.length === 5, 'the live events');
    await sleep(50);
    expect(seen).toEqual([
      '1:job/job_a',
      '2:job/job_a',
      '3:canary/canary_1',
      '5:canary/canary_1',
      '6:job/job_a',
    ]);
    expect(fake.sseRequests.map((request) => [request.topics, request.lastEventId])).toEqual([
      [['job/job_a'], undefined],
      [['job/job_a', 'canary/*'], '1'],
    ]);
  });

  it('stops on 401 with an error event and never asks again', async () => {
    server = await startFakeCockpit({ apiKey: 'right-key' });
    const fake = server;
    cockpit = new LukhasMCPCockpit(fake.url, 'wrong-key');
    const errors: CockpitClientError[] = [];
    cockpit.on('error', (error) => errors.push(error));
    cockpit.subscribe('jobs');
    await until(() => errors.length === 1, 'the error event');
    expect(errors[0]).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(cockpit.state).toBe('closed');
    await sleep(1500); // Longer than any first reconnect delay.
    expect(fake.sseRequests).toHaveLength(1);
    expect(fake.sseRequests[0]?.apiKey).toBe('wrong-key');

    const authorized = new LukhasMCPCockpit(fake.url, 'right-key');
    cockpit = authorized;
    const events: number[] = [];
    authorized.on('job', (event) => events.push(event.id));
    authorized.subscribe('jobs');
    await until(() => fake.clientCount() === 1, 'the authorized stream');
    fake.publish('job/job_1', 'queued');
    await until(() => events.length === 1, 'the event');
  });
});
