/**
 * The benchmark's server process: an SSE endpoint on loopback, one of three (bench-protocol.ts
 * `Implementation`): the sse-bus on node:http, the sse-bus behind hono, or a bare node:http loop
 * writing the same frame with `res.write`. Driven over IPC; reports its open-file limit, which
 * bounds how many connections it can hold.
 *
 * Usage (by run-benchmarks.ts): node --import tsx --expose-gc sse-bench-server.ts bus-node|bus-hono|raw|bus-hono-node
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import type { CockpitEvent, EventLog } from '@lukhas/core';
import { Hono } from 'hono';
import {
  createEventBus,
  createNodeSseHandler,
  createSseHandler,
  encodeEvent,
  SSE_RESPONSE_HEADERS,
} from '../src/index.ts';
import type { Implementation, ServerCommand, ServerReport } from './bench-protocol.ts';

interface Fanout {
  readonly server: http.Server;
  publish(event: CockpitEvent): void;
  clients(): number;
  slowDisconnects(): number;
}

const noReplay: EventLog = {
  eventsAfter: async () => [],
  lastEventId: async () => 0,
  firstEventId: async () => undefined,
};

// Both bus servers keep the bus's defaults (1 MiB per stream, a heartbeat every 15 s).
function busOnNode(): Fanout {
  const bus = createEventBus({ eventLog: noReplay });
  const sse = createNodeSseHandler({ bus });
  return {
    server: http.createServer((request, response) => void sse(request, response)),
    publish: (event) => bus.publish(event),
    clients: () => bus.clientCount(),
    slowDisconnects: () => bus.stats().slowDisconnects,
  };
}

/** As the cockpit serves `/sse` today: a hono route returning the bus's ReadableStream. */
function busOnHono(): Fanout {
  const bus = createEventBus({ eventLog: noReplay });
  const sse = createSseHandler({ bus });
  const app = new Hono();
  app.get('/sse', (context) => sse(context.req.raw));
  return {
    server: http.createServer(getRequestListener(app.fetch)),
    publish: (event) => bus.publish(event),
    clients: () => bus.clientCount(),
    slowDisconnects: () => bus.stats().slowDisconnects,
  };
}

/**
 * A hono route that answers on node:http's response itself: @hono/node-server skips a Response
 * carrying `x-hono-already-sent`. Middleware headers set after the route would not reach the client.
 */
function busOnHonoNode(): Fanout {
  const bus = createEventBus({ eventLog: noReplay });
  const sse = createNodeSseHandler({ bus });
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.get('/sse', async (context) => {
    await sse(context.env.incoming, context.env.outgoing);
    return new Response(null, { headers: { 'x-hono-already-sent': 'true' } });
  });
  return {
    server: http.createServer(getRequestListener(app.fetch)),
    publish: (event) => bus.publish(event),
    clients: () => bus.clientCount(),
    slowDisconnects: () => bus.stats().slowDisconnects,
  };
}

/** The floor: the same headers and frames, one `res.write` of one shared Buffer per client, nothing else. */
function rawNodeHttp(): Fanout {
  const responses = new Set<http.ServerResponse>();
  const retry = Buffer.from('retry: 2000\n\n');
  function onClose(this: http.ServerResponse): void {
    responses.delete(this);
  }
  return {
    server: http.createServer((_request, response) => {
      response.writeHead(200, SSE_RESPONSE_HEADERS);
      response.write(retry);
      responses.add(response);
      response.on('close', onClose);
    }),
    publish(event) {
      const frame = encodeEvent(event, event.type);
      for (const response of responses) response.write(frame);
    },
    clients: () => responses.size,
    slowDisconnects: () => 0,
  };
}

const FANOUTS: Record<Implementation, () => Fanout> = {
  'bus-node': busOnNode,
  'bus-hono': busOnHono,
  raw: rawNodeHttp,
  'bus-hono-node': busOnHonoNode,
};

// Max open files of this process (the soft limit), from /proc; NaN where there is no /proc.
function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((row) => row.startsWith('Max open files'));
    return Number(line?.split(/\s+/)[3]);
  } catch {
    return Number.NaN;
  }
}

const implementation = process.argv[2] as Implementation;
const fanout = FANOUTS[implementation]();
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
  const fanoutCpuMicros = { user: 0, system: 0 };
  for (let round = 0; round < count; round += 1) {
    const cpuBefore = process.cpuUsage();
    const publishedAt = now();
    const sent = publishNext();
    // Every write the publish caused runs in microtasks: by the next macrotask it is on the sockets.
    await new Promise((resolve) => setImmediate(resolve));
    fanoutMs.push(now() - publishedAt);
    const cpu = process.cpuUsage(cpuBefore);
    fanoutCpuMicros.user += cpu.user;
    fanoutCpuMicros.system += cpu.system;
    if (!(await untilAcked(sent, 10_000))) timedOut += 1;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  send({ type: 'latency-done', timedOut, fanoutMs, fanoutCpuMicros });
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

const { server } = fanout;
// The default (511) drops SYNs when thousands of clients connect at once.
server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => {
  send({ type: 'listening', port: (server.address() as AddressInfo).port, openFiles: openFileLimit() });
});
