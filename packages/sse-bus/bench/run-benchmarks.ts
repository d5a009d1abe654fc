/**
 * `pnpm bench` in this package: up to 50,000 concurrent SSE clients on loopback against one server
 * process, for three servers in the same run (bench-protocol.ts `Implementation`): the sse-bus
 * writing straight to node:http responses, a bare node:http server writing the same frames with
 * `res.write` (the comparison), and the sse-bus behind a hono route handing node:http its response
 * (the cockpit's `/sse`; the Web-stream handler behind hono, `bus-hono`, on request).
 * Prints the figures and writes them to bench/results.json. Measures, never asserts.
 * About 4 minutes.
 *
 * BENCH_CONNECTIONS (50000), BENCH_BROADCASTS (30), BENCH_THROUGHPUT_MS (5000),
 * BENCH_IMPLEMENTATIONS (bus-node,raw,bus-hono-node; bus-hono on request).
 *
 * Connections: each process may hold only as many sockets as its open-file limit. The server and
 * client processes are started through `sh -c 'ulimit -n …'`, which raises the limit inside the
 * bench only, as far as the hard limit allows (above it needs CAP_SYS_RESOURCE); the server then
 * reports the limit it got and the run asks for no more connections than fit under it (the note
 * of each row says so). Clients run in processes of at most 12,000 connections, spread over
 * several 127.x source addresses (about 28,000 ephemeral ports per address and server port).
 *
 * Memory: server RSS after two forced GCs, before any client and once every client is connected
 * and idle (before the first broadcast), divided by the connections. Latency is the event's
 * `sentAt` (server clock) to the client's receive time (same machine clock): the slowest delivery
 * of each broadcast, p50/p99 over the broadcasts. Throughput publishes for BENCH_THROUGHPUT_MS,
 * never more than 20 events ahead of the slowest client, then waits for the last delivery:
 * events/s = events published ÷ time to the last delivery. The load average of the machine
 * (shared with other work) is recorded before and after each run.
 */
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';
import type { ClientReport, Implementation, ServerCommand, ServerReport } from './bench-protocol.ts';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = import.meta.resolve('tsx');
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '50000').split(',').map(Number);
const broadcasts = Number(process.env.BENCH_BROADCASTS ?? 30);
const throughputMs = Number(process.env.BENCH_THROUGHPUT_MS ?? 5000);
const implementations = (process.env.BENCH_IMPLEMENTATIONS ?? 'bus-node,raw,bus-hono-node').split(
  ',',
) as Implementation[];
const CLIENTS_PER_PROCESS = 12_000;
const IN_FLIGHT_WINDOW = 20;
/** Asked of `ulimit -n`; the hard limit may allow less. */
const OPEN_FILES_WANTED = 200_000;
/** Descriptors the server needs besides its client sockets (stdio, IPC, epoll, libuv, the listener). */
const SERVER_SPARE_FILES = 100;
const SOURCE_ADDRESSES = Array.from({ length: 8 }, (_, index) => `127.0.0.${index + 2}`);
const LABEL: Record<Implementation, string> = {
  'bus-node': 'sse-bus on node:http (createNodeSseHandler)',
  raw: 'raw node:http res.write',
  'bus-hono': 'sse-bus behind hono, Web streams (createSseHandler, the cockpit before)',
  'bus-hono-node':
    'sse-bus behind a hono route handing node:http its response (createNodeSseHandler, the cockpit)',
};

interface RunResult {
  readonly implementation: Implementation;
  readonly connectionsWanted: number;
  /** What the server's open-file limit lets it hold. */
  readonly connectionsAsked: number;
  readonly serverOpenFiles: number;
  readonly connections: number;
  readonly connectFailures: number;
  readonly connectMs: number;
  readonly rssPerConnectionKiB: number;
  readonly heapPerConnectionKiB: number;
  readonly rssIdleMiB: number;
  readonly rssWithClientsMiB: number;
  readonly lastDeliveryMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly perDeliveryMs: { readonly p50: number; readonly p99: number };
  readonly serverFanoutMs: { readonly p50: number; readonly p99: number };
  /** Server CPU per write during the timed broadcasts' fan-outs: JavaScript (user) and kernel (system). */
  readonly fanoutCpuMicrosPerWrite: { readonly user: number; readonly system: number };
  readonly broadcastsTimedOut: number;
  readonly eventsPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly serverCpuMicrosPerDelivery: number;
  readonly peakRssUnderLoadMiB: number;
  readonly slowDisconnects: number;
  readonly clientDisconnects: number;
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
}

/** A node child with IPC, its open-file limit raised by the shell first (the bench's processes only). */
function spawn(script: string, args: string[], execArgv: string[] = []): ChildProcess {
  const raise = `ulimit -n ${OPEN_FILES_WANTED} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"`;
  return spawnProcess(
    'sh',
    ['-c', raise, 'sh', process.execPath, '--import', tsx, ...execArgv, join(here, script), ...args],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
}

function waitFor<T extends { type: string }, K extends T['type']>(
  process: ChildProcess,
  type: K,
  timeoutMs = 60_000,
): Promise<Extract<T, { type: K }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error(`no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    function onMessage(message: T): void {
      if (message.type !== type) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve(message as Extract<T, { type: K }>);
    }
    process.on('message', onMessage);
  });
}

function askServer<K extends ServerReport['type']>(
  server: ChildProcess,
  command: ServerCommand,
  type: K,
  timeoutMs?: number,
): Promise<Extract<ServerReport, { type: K }>> {
  const answer = waitFor<ServerReport, K>(server, type, timeoutMs);
  server.send(command);
  return answer;
}

function askClients(clients: readonly ChildProcess[]): Promise<Extract<ClientReport, { type: 'report' }>[]> {
  return Promise.all(
    clients.map((client) => {
      const answer = waitFor<ClientReport, 'report'>(client, 'report');
      client.send({ cmd: 'report' });
      return answer;
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const load = () => loadavg().map((value) => round(value));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function sharesOf(total: number): number[] {
  const processes = Math.max(1, Math.ceil(total / CLIENTS_PER_PROCESS));
  return Array.from(
    { length: processes },
    (_, index) => Math.floor(total / processes) + (index < total % processes ? 1 : 0),
  );
}

async function run(implementation: Implementation, wanted: number): Promise<RunResult> {
  const loadAverageBefore = load();
  const server = spawn('sse-bench-server.ts', [implementation], ['--expose-gc']);
  const { port, openFiles } = await waitFor<ServerReport, 'listening'>(server, 'listening');
  const asked = Number.isFinite(openFiles) ? Math.min(wanted, openFiles - SERVER_SPARE_FILES) : wanted;
  const idle = await askServer(server, { cmd: 'memory' }, 'memory');
  const url = `http://127.0.0.1:${port}/sse?topic=job/*`;
  const clients = sharesOf(asked).map((share) =>
    spawn('sse-bench-clients.ts', [url, String(share), SOURCE_ADDRESSES.join(',')]),
  );
  const minSeqs = clients.map(() => 0);
  clients.forEach((client, index) => {
    client.on('message', (message: ClientReport) => {
      if (message.type !== 'progress') return;
      minSeqs[index] = message.minSeq;
      server.send({ cmd: 'ack', seq: Math.min(...minSeqs) } satisfies ServerCommand);
    });
  });

  const connected = await Promise.all(
    clients.map((client) => {
      const answer = waitFor<ClientReport, 'connected'>(client, 'connected', 180_000);
      client.send({ cmd: 'connect' });
      return answer;
    }),
  );
  const connections = connected.reduce((sum, report) => sum + report.connections, 0);
  for (let tries = 0; tries < 200; tries += 1) {
    if ((await askServer(server, { cmd: 'status' }, 'status')).clients >= connections) break;
    await sleep(25);
  }
  // Idle: every client connected, nothing broadcast yet.
  const withClients = await askServer(server, { cmd: 'memory' }, 'memory');
  await askServer(server, { cmd: 'latency', count: 3, gapMs: 10 }, 'latency-done', 120_000); // warm-up

  for (const client of clients) client.send({ cmd: 'record', on: true });
  await sleep(100);
  const latency = await askServer(
    server,
    { cmd: 'latency', count: broadcasts, gapMs: 20 },
    'latency-done',
    600_000,
  );
  for (const client of clients) client.send({ cmd: 'record', on: false });
  const reports = await askClients(clients);
  const slowest = new Map<number, number>();
  for (const report of reports) {
    for (const [seq, ms] of Object.entries(report.lastDelivery)) {
      slowest.set(Number(seq), Math.max(slowest.get(Number(seq)) ?? 0, ms));
    }
  }
  const lastDelivery = [...slowest.values()].sort((a, b) => a - b);
  const everyDelivery = reports.flatMap((report) => report.latencies).sort((a, b) => a - b);
  const fanout = [...latency.fanoutMs].sort((a, b) => a - b);

  const throughput = await askServer(
    server,
    { cmd: 'throughput', durationMs: throughputMs, window: IN_FLIGHT_WINDOW },
    'throughput-done',
    throughputMs + 120_000,
  );
  const status = await askServer(server, { cmd: 'status' }, 'status');
  const finalReports = await askClients(clients);
  const exits = [server, ...clients].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const client of clients) client.send({ cmd: 'close' });
  server.send({ cmd: 'stop' } satisfies ServerCommand);
  await Promise.all(exits);

  const perConnection = (bytes: number) => round(bytes / Math.max(1, connections) / 1024, 1);
  return {
    implementation,
    connectionsWanted: wanted,
    connectionsAsked: asked,
    serverOpenFiles: openFiles,
    connections,
    connectFailures: connected.reduce((sum, report) => sum + report.failed, 0),
    connectMs: Math.max(...connected.map((report) => report.ms)),
    rssPerConnectionKiB: perConnection(withClients.rss - idle.rss),
    heapPerConnectionKiB: perConnection(withClients.heapUsed - idle.heapUsed),
    rssIdleMiB: round(idle.rss / 2 ** 20, 1),
    rssWithClientsMiB: round(withClients.rss / 2 ** 20, 1),
    lastDeliveryMs: {
      p50: round(percentile(lastDelivery, 50)),
      p99: round(percentile(lastDelivery, 99)),
      max: round(lastDelivery.at(-1) ?? Number.NaN),
    },
    perDeliveryMs: { p50: round(percentile(everyDelivery, 50)), p99: round(percentile(everyDelivery, 99)) },
    serverFanoutMs: { p50: round(percentile(fanout, 50)), p99: round(percentile(fanout, 99)) },
    fanoutCpuMicrosPerWrite: {
      user: round(latency.fanoutCpuMicros.user / Math.max(1, broadcasts * connections)),
      system: round(latency.fanoutCpuMicros.system / Math.max(1, broadcasts * connections)),
    },
    broadcastsTimedOut: latency.timedOut,
    eventsPerSecond: Math.round(throughput.eventsPerSecond),
    deliveriesPerSecond: Math.round(throughput.eventsPerSecond * connections),
    serverCpuMicrosPerDelivery: round(throughput.cpuMicrosPerDelivery, 3),
    peakRssUnderLoadMiB: round(throughput.peakRss / 2 ** 20, 1),
    slowDisconnects: status.slowDisconnects,
    clientDisconnects: finalReports.reduce((sum, report) => sum + report.disconnected, 0),
    loadAverageBefore,
    loadAverageAfter: load(),
  };
}

console.log(
  `sse-bus bench: ${connectionCounts.join(' and ')} SSE clients on loopback, ${implementations.join(' vs ')}; ` +
    `${broadcasts} timed broadcasts, then ${throughputMs / 1000}s sustained`,
);
const runs: RunResult[] = [];
for (const wanted of connectionCounts) {
  for (const implementation of implementations) {
    const started = Date.now();
    const result = await run(implementation, wanted);
    console.log(
      `  ${implementation} × ${result.connections}/${wanted} (open-file limit ${result.serverOpenFiles}): ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s, load ${result.loadAverageBefore.join(' ')} → ` +
        `${result.loadAverageAfter.join(' ')}`,
    );
    runs.push(result);
  }
}

const column = (run: RunResult) => ({
  'connections (asked / wanted)': `${run.connections} (${run.connectionsAsked} / ${run.connectionsWanted})`,
  'connect all (ms)': run.connectMs,
  'server RSS idle → with idle clients (MiB)': `${run.rssIdleMiB} → ${run.rssWithClientsMiB}`,
  'server RSS / idle connection (KiB)': run.rssPerConnectionKiB,
  'server heap / idle connection (KiB)': run.heapPerConnectionKiB,
  'broadcast → last delivery p50 / p99 / max (ms)': `${run.lastDeliveryMs.p50} / ${run.lastDeliveryMs.p99} / ${run.lastDeliveryMs.max}`,
  'broadcast → each delivery p50 / p99 (ms)': `${run.perDeliveryMs.p50} / ${run.perDeliveryMs.p99}`,
  'server fan-out (publish → all written) p50 / p99 (ms)': `${run.serverFanoutMs.p50} / ${run.serverFanoutMs.p99}`,
  'server CPU / write in a fan-out, user + system (µs)': `${run.fanoutCpuMicrosPerWrite.user} + ${run.fanoutCpuMicrosPerWrite.system}`,
  'sustained events/s (to every client)': run.eventsPerSecond,
  'server CPU / delivery (µs)': run.serverCpuMicrosPerDelivery,
  'server peak RSS under load (MiB)': run.peakRssUnderLoadMiB,
  'slow-consumer cut-offs': run.slowDisconnects,
  'load average before → after': `${run.loadAverageBefore.join(' ')} → ${run.loadAverageAfter.join(' ')}`,
});
const table: Record<string, Record<string, unknown>> = {};
for (const run of runs) {
  for (const [metric, value] of Object.entries(column(run))) {
    table[metric] ??= {};
    (table[metric] as Record<string, unknown>)[`${run.implementation} ${run.connectionsWanted}`] = value;
  }
}
console.table(table);

const results: BenchResults = {
  suite: 'sse-bus',
  title:
    `${connectionCounts.join(' and ')} SSE subscribers wanted on one server process, loopback: ` +
    `${implementations.map((implementation) => LABEL[implementation]).join(' vs ')}; ${broadcasts} timed ` +
    `broadcasts, then ${throughputMs / 1000} s sustained (${cpus().length} CPUs, shared; load average in the notes)`,
  command: 'pnpm --filter @lukhas/sse-bus bench',
  measuredAt: new Date().toISOString(),
  rows: connectionCounts.flatMap((wanted) => {
    const raw = runs.find((run) => run.implementation === 'raw' && run.connectionsWanted === wanted);
    return runs
      .filter((run) => run.connectionsWanted === wanted && run.implementation !== 'raw')
      .flatMap((run) => rowsOf(run, raw));
  }),
  details: {
    node: process.version,
    cpus: cpus().length,
    method: {
      broadcasts,
      throughputMs,
      inFlightWindow: IN_FLIGHT_WINDOW,
      clientsPerProcess: CLIENTS_PER_PROCESS,
      sourceAddresses: SOURCE_ADDRESSES,
      openFilesWanted: OPEN_FILES_WANTED,
      topic: 'job/*',
    },
    targets: { connections: 50_000, rssPerIdleConnectionKiB: 12, lastDeliveryP99Ms: 500 },
    runs,
  },
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${join(here, 'results.json')}`);

/** One implementation's rows, each beside the raw node:http server of the same run. */
function rowsOf(run: RunResult, raw: RunResult | undefined): BenchRow[] {
  const row = (
    figure: string,
    unit: string,
    better: BenchRow['better'],
    pick: (run: RunResult) => number,
    note?: string,
  ): BenchRow => ({
    group: `${run.connections.toLocaleString('en-US')} subscribers (${run.connectionsWanted.toLocaleString('en-US')} wanted): ${LABEL[run.implementation]}`,
    figure,
    unit,
    value: pick(run),
    ...(raw === undefined ? {} : { comparison: { label: LABEL.raw, value: pick(raw) } }),
    better,
    ...(note === undefined ? {} : { note }),
  });
  return [
    row('connected', 'connections', 'higher', (one) => one.connections, connectionNote(run, raw)),
    row('server RSS / idle connection (target ≤ 12 KiB)', 'KiB', 'lower', (one) => one.rssPerConnectionKiB),
    row('server heap / idle connection', 'KiB', 'lower', (one) => one.heapPerConnectionKiB),
    row('broadcast → last delivery p50', 'ms', 'lower', (one) => one.lastDeliveryMs.p50),
    row('broadcast → last delivery p99 (target ≤ 500 ms)', 'ms', 'lower', (one) => one.lastDeliveryMs.p99),
    row('server fan-out p50', 'ms', 'lower', (one) => one.serverFanoutMs.p50),
    row(
      'server CPU / write in a broadcast, JavaScript (user)',
      'µs',
      'lower',
      (one) => one.fanoutCpuMicrosPerWrite.user,
    ),
    row(
      'server CPU / write in a broadcast, kernel (system: loopback TCP, both ends)',
      'µs',
      'lower',
      (one) => one.fanoutCpuMicrosPerWrite.system,
    ),
    row('sustained events/s to every client', 'events/s', 'higher', (one) => one.eventsPerSecond),
    row('server CPU / delivery', 'µs', 'lower', (one) => one.serverCpuMicrosPerDelivery),
    row('server peak RSS under load', 'MiB', 'lower', (one) => one.peakRssUnderLoadMiB),
  ];
}

/** What bounded or went missing in a run: the open-file limit, failed connects, timed-out broadcasts, cut-offs; and the load. */
function connectionNote(...pair: readonly (RunResult | undefined)[]): string {
  const said = pair.flatMap((run) => {
    if (run === undefined) return [];
    const parts = [
      run.connectionsAsked < run.connectionsWanted
        ? `asked for ${run.connectionsAsked} of ${run.connectionsWanted}: the server's open-file limit is ${run.serverOpenFiles} (ulimit -n ${OPEN_FILES_WANTED} refused above the hard limit)`
        : '',
      run.connections < run.connectionsAsked ? `${run.connections} of ${run.connectionsAsked} connected` : '',
      run.broadcastsTimedOut > 0 ? `${run.broadcastsTimedOut} broadcasts timed out` : '',
      run.slowDisconnects > 0 ? `${run.slowDisconnects} slow-consumer cut-offs` : '',
      `load average ${run.loadAverageBefore[0]} → ${run.loadAverageAfter[0]}`,
    ].filter(Boolean);
    return [`${run.implementation}: ${parts.join(', ')}`];
  });
  return said.join('; ');
}
