/**
 * The benchmark's server process: an SSE endpoint on loopback behind hono on @hono/node-server,
 * fanned out either by the sse-bus or by a naive per-client `streamSSE` loop. Driven over IPC.
 *
 * Usage (by run-benchmarks.ts): node --import tsx --expose-gc sse-bench-server.ts bus|naive
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import type { CockpitEvent, EventLog } from '@lukhas/core';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { createEventBus, createSseHandler } from '../src/index.ts';
import type { Implementation, ServerCommand, ServerReport } from './bench-protocol.ts';

interface Fanout {
  readonly app: Hono;
  publish(event: CockpitEvent): void;
  clients(): number;
  slowDisconnects(): number;
}

const noReplay: EventLog = {
  eventsAfter: async () => [],
  lastEventId: async () => 0,
  firstEventId: async () => undefined,
};

function busFanout(): Fanout {
  const bus = createEventBus({ eventLog: noReplay });
  const sse = createSseHandler({ bus });
  const app = new Hono();
  app.get('/sse', (context) => sse(context.req.raw));
  return {
    app,
    publish: (event) => bus.publish(event),
    clients: () => bus.clientCount(),
    slowDisconnects: () => bus.stats().slowDisconnects,
  };
}

/** What one would write first: a queue per client, and a loop that stringifies and writes each event. */
function naiveFanout(): Fanout {
  interface Client {
    readonly queue: CockpitEvent[];
    wake: (() => void) | undefined;
  }
  const clients = new Set<Client>();
  const app = new Hono();
  app.get('/sse', (context) =>
    streamSSE(context, async (stream) => {
      const client: Client = { queue: [], wake: undefined };
      clients.add(client);
      stream.onAbort(() => {
        clients.delete(client);
        client.wake?.();
      });
      await stream.write('retry: 2000\n\n');
      while (!stream.aborted) {
        const event = client.queue.shift();
        if (event === undefined) {
          await new Promise<void>((resolve) => {
            client.wake = resolve;
          });
          client.wake = undefined;
          continue;
        }
        const { id, topic, type, ts, data, narrative } = event;
        await stream.writeSSE({
          id: String(id),
          event: type,
          data: JSON.stringify({ id, topic, type, ts, data, narrative }),
        });
      }
    }),
  );
  return {
    app,
    publish(event) {
      for (const client of clients) {
        client.queue.push(event);
        client.wake?.();
      }
    },
    clients: () => clients.size,
    slowDisconnects: () => 0,
  };
}

const implementation = process.argv[2] as Implementation;
const fanout = implementation === 'bus' ? busFanout() : naiveFanout();
const now = (): number => performance.timeOrigin + performance.now();
const send = (report: ServerReport): void => {
  process.send?.(report);
};

let seq = 0;
let acked = 0;
let ackWaiters: (() => void)[] = [];

function publishNext(): number {
  seq += 1;
  fanout.publish({
    id: seq,
    topic: 'job/job_bench',
    kind: 'job',
    entityId: 'job_bench',
    type: 'progress',
    ts: new Date().toISOString(),
    data: { jobId: 'job_bench', progress: 0.5, seq, sentAt: now() },
    narrative: '[2025-10-03 14:21] job_bench → 50% (benchmark)',
  });
  return seq;
}

function nextAck(timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    ackWaiters.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function untilAcked(target: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (acked < target) {
    if (Date.now() > deadline) return false;
    await nextAck(deadline - Date.now());
  }
  return true;
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

async function latency(count: number, gapMs: number): Promise<void> {
  let timedOut = 0;
  const fanoutMs: number[] = [];
  for (let round = 0; round < count; round += 1) {
    const publishedAt = now();
    const sent = publishNext();
    // Every write the publish caused runs in microtasks: by the next macrotask it is on the sockets.
    await new Promise((resolve) => setImmediate(resolve));
    fanoutMs.push(now() - publishedAt);
    if (!(await untilAcked(sent, 10_000))) timedOut += 1;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  send({ type: 'latency-done', timedOut, fanoutMs });
}

/**
 * Publishes for `durationMs`, never more than `window` events ahead of the slowest client, then
 * waits until every client has everything: events/s = published ÷ time until the last delivery.
 */
async function throughput(durationMs: number, window: number): Promise<void> {
  await untilAcked(seq, 10_000);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  const firstSeq = seq;
  const cpuBefore = process.cpuUsage();
  const start = now();
  while (now() - start < durationMs) {
    while (seq - acked < window) publishNext();
    await nextAck(50);
  }
  await untilAcked(seq, 120_000);
  const seconds = (now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const published = seq - firstSeq;
  send({
    type: 'throughput-done',
    eventsPerSecond: published / seconds,
    published,
    seconds,
    cpuMicrosPerDelivery: (cpu.user + cpu.system) / Math.max(1, published * fanout.clients()),
    peakRss,
  });
}

process.on('message', (message: ServerCommand) => {
  switch (message.cmd) {
    case 'memory': {
      collectGarbage();
      const usage = process.memoryUsage();
      send({ type: 'memory', rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external });
      return;
    }
    case 'status':
      send({ type: 'status', clients: fanout.clients(), slowDisconnects: fanout.slowDisconnects(), seq });
      return;
    case 'ack': {
      acked = Math.max(acked, message.seq);
      const waiters = ackWaiters;
      ackWaiters = [];
      for (const wake of waiters) wake();
      return;
    }
    case 'latency':
      void latency(message.count, message.gapMs);
      return;
    case 'throughput':
      void throughput(message.durationMs, message.window);
      return;
    case 'stop':
      process.exit(0);
  }
});

const server = serve({ fetch: fanout.app.fetch, hostname: '127.0.0.1', port: 0 }, () => {
  send({ type: 'listening', port: (server.address() as AddressInfo).port });
});
