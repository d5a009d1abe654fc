/**
 * `pnpm bench` in this package: N concurrent SSE clients on loopback against the sse-bus and against
 * a naive per-client `streamSSE` loop, in the same run. Prints the figures and writes them to
 * bench/results.json. Measures, never asserts. About 1.5 minutes.
 *
 * BENCH_CONNECTIONS (1000,10000), BENCH_BROADCASTS (50), BENCH_THROUGHPUT_MS (5000).
 *
 * The server runs in its own process (one per implementation and N, so RSS is its own); the clients
 * run in one or two other processes (raw http.get, minimal frame parsing), so their cost stays out
 * of the server's RSS. Latency is the event's `sentAt` (server clock) to the client's receive time
 * (same machine clock): the slowest delivery of each broadcast, p50/p99 over the broadcasts.
 * Throughput publishes for BENCH_THROUGHPUT_MS, never more than 20 events ahead of the slowest
 * client, then waits for the last delivery: events/s = events published ÷ time to the last delivery.
 * results.json has the common shape (scripts/bench-results.ts): sse-bus each figure, naive its comparison.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';
import type { ClientReport, Implementation, ServerCommand, ServerReport } from './bench-protocol.ts';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = import.meta.resolve('tsx');
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1000,10000').split(',').map(Number);
const broadcasts = Number(process.env.BENCH_BROADCASTS ?? 50);
const throughputMs = Number(process.env.BENCH_THROUGHPUT_MS ?? 5000);
const CLIENTS_PER_PROCESS = 5000;
const IN_FLIGHT_WINDOW = 20;

interface RunResult {
  readonly implementation: Implementation;
  readonly connectionsWanted: number;
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
  readonly broadcastsTimedOut: number;
  readonly eventsPerSecond: number;
  readonly deliveriesPerSecond: number;
  readonly serverCpuMicrosPerDelivery: number;
  readonly peakRssUnderLoadMiB: number;
  readonly slowDisconnects: number;
  readonly clientDisconnects: number;
}

function spawn(script: string, args: string[], execArgv: string[] = []): ChildProcess {
  return fork(join(here, script), args, {
    execArgv: ['--import', tsx, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function run(implementation: Implementation, wanted: number): Promise<RunResult> {
  const server = spawn('sse-bench-server.ts', [implementation], ['--expose-gc']);
  const { port } = await waitFor<ServerReport, 'listening'>(server, 'listening');
  const idle = await askServer(server, { cmd: 'memory' }, 'memory');
  const url = `http://127.0.0.1:${port}/sse?topic=job/*`;
  const shares: number[] = [];
  for (let left = wanted; left > 0; left -= CLIENTS_PER_PROCESS)
    shares.push(Math.min(left, CLIENTS_PER_PROCESS));
  const clients = shares.map((share) => spawn('sse-bench-clients.ts', [url, String(share)]));
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
  await askServer(server, { cmd: 'latency', count: 3, gapMs: 10 }, 'latency-done'); // warm-up
  const withClients = await askServer(server, { cmd: 'memory' }, 'memory');

  for (const client of clients) client.send({ cmd: 'record', on: true });
  await sleep(100);
  const latency = await askServer(
    server,
    { cmd: 'latency', count: broadcasts, gapMs: 20 },
    'latency-done',
    600_000,
  );
  for (const client of clients) client.send({ cmd: 'record', on: false });
  const reports = await Promise.all(
    clients.map((client) => {
      const answer = waitFor<ClientReport, 'report'>(client, 'report');
      client.send({ cmd: 'report' });
      return answer;
    }),
  );
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
  const finalReports = await Promise.all(
    clients.map((client) => {
      const answer = waitFor<ClientReport, 'report'>(client, 'report');
      client.send({ cmd: 'report' });
      return answer;
    }),
  );
  const exits = [server, ...clients].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const client of clients) client.send({ cmd: 'close' });
  server.send({ cmd: 'stop' } satisfies ServerCommand);
  await Promise.all(exits);

  const perConnection = (bytes: number) => round(bytes / Math.max(1, connections) / 1024, 1);
  return {
    implementation,
    connectionsWanted: wanted,
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
    broadcastsTimedOut: latency.timedOut,
    eventsPerSecond: Math.round(throughput.eventsPerSecond),
    deliveriesPerSecond: Math.round(throughput.eventsPerSecond * connections),
    serverCpuMicrosPerDelivery: round(throughput.cpuMicrosPerDelivery, 3),
    peakRssUnderLoadMiB: round(throughput.peakRss / 2 ** 20, 1),
    slowDisconnects: status.slowDisconnects,
    clientDisconnects: finalReports.reduce((sum, report) => sum + report.disconnected, 0),
  };
}

console.log(
  `sse-bus bench: ${connectionCounts.join(' and ')} SSE clients on loopback, sse-bus vs naive streamSSE loop; ` +
    `${broadcasts} timed broadcasts, then ${throughputMs / 1000}s sustained`,
);
const runs: RunResult[] = [];
for (const wanted of connectionCounts) {
  for (const implementation of ['bus', 'naive'] as const) {
    const started = Date.now();
    const result = await run(implementation, wanted);
    console.log(
      `  ${implementation} × ${result.connections}/${wanted}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    runs.push(result);
  }
}

const ratios = connectionCounts.map((wanted) => {
  const bus = runs.find((run) => run.implementation === 'bus' && run.connectionsWanted === wanted);
  const naive = runs.find((run) => run.implementation === 'naive' && run.connectionsWanted === wanted);
  if (!bus || !naive) return { connections: wanted };
  return {
    connections: wanted,
    'RSS / connection, naive ÷ bus': round(naive.rssPerConnectionKiB / bus.rssPerConnectionKiB),
    'last delivery p50, naive ÷ bus': round(naive.lastDeliveryMs.p50 / bus.lastDeliveryMs.p50),
    'last delivery p99, naive ÷ bus': round(naive.lastDeliveryMs.p99 / bus.lastDeliveryMs.p99),
    'server fan-out p50, naive ÷ bus': round(naive.serverFanoutMs.p50 / bus.serverFanoutMs.p50),
    'events/s, bus ÷ naive': round(bus.eventsPerSecond / naive.eventsPerSecond),
    'server CPU / delivery, naive ÷ bus': round(
      naive.serverCpuMicrosPerDelivery / bus.serverCpuMicrosPerDelivery,
    ),
    'peak RSS under load, naive ÷ bus': round(naive.peakRssUnderLoadMiB / bus.peakRssUnderLoadMiB),
  };
});

const column = (run: RunResult) => ({
  'connections (wanted)': `${run.connections} (${run.connectionsWanted})`,
  'connect all (ms)': run.connectMs,
  'server RSS idle → with clients (MiB)': `${run.rssIdleMiB} → ${run.rssWithClientsMiB}`,
  'server RSS / connection (KiB)': run.rssPerConnectionKiB,
  'server heap / connection (KiB)': run.heapPerConnectionKiB,
  'broadcast → last delivery p50 / p99 / max (ms)': `${run.lastDeliveryMs.p50} / ${run.lastDeliveryMs.p99} / ${run.lastDeliveryMs.max}`,
  'broadcast → each delivery p50 / p99 (ms)': `${run.perDeliveryMs.p50} / ${run.perDeliveryMs.p99}`,
  'server fan-out (publish → all written) p50 / p99 (ms)': `${run.serverFanoutMs.p50} / ${run.serverFanoutMs.p99}`,
  'sustained events/s (to every client)': run.eventsPerSecond,
  'sustained deliveries/s': run.deliveriesPerSecond,
  'server CPU / delivery (µs)': run.serverCpuMicrosPerDelivery,
  'server peak RSS under load (MiB)': run.peakRssUnderLoadMiB,
  'slow-consumer cut-offs': run.slowDisconnects,
});
const table: Record<string, Record<string, unknown>> = {};
for (const run of runs) {
  for (const [metric, value] of Object.entries(column(run))) {
    table[metric] ??= {};
    (table[metric] as Record<string, unknown>)[`${run.implementation} ${run.connectionsWanted}`] = value;
  }
}
console.table(table);
console.table(Object.fromEntries(ratios.map(({ connections, ...rest }) => [connections, rest])));

const results: BenchResults = {
  suite: 'sse-bus',
  title:
    `${connectionCounts.join(' and ')} SSE subscribers on loopback: sse-bus vs a naive per-client streamSSE ` +
    `loop; ${broadcasts} timed broadcasts, then ${throughputMs / 1000} s sustained (${cpus().length} CPUs)`,
  command: 'pnpm --filter @lukhas/sse-bus bench',
  measuredAt: new Date().toISOString(),
  rows: connectionCounts.flatMap((wanted) => {
    const bus = runs.find((run) => run.implementation === 'bus' && run.connectionsWanted === wanted);
    const naive = runs.find((run) => run.implementation === 'naive' && run.connectionsWanted === wanted);
    if (!bus || !naive) return [];
    const row = (
      figure: string,
      unit: string,
      better: BenchRow['better'],
      pick: (run: RunResult) => number,
      note?: string,
    ): BenchRow => ({
      group: `${wanted.toLocaleString('en-US')} subscribers`,
      figure,
      unit,
      value: pick(bus),
      comparison: { label: 'naive streamSSE', value: pick(naive) },
      better,
      note,
    });
    return [
      row('connect all', 'ms', 'lower', (run) => run.connectMs, connectionNote(bus, naive)),
      row('server RSS / connection', 'KiB', 'lower', (run) => run.rssPerConnectionKiB),
      row('server heap / connection', 'KiB', 'lower', (run) => run.heapPerConnectionKiB),
      row('broadcast → last delivery p50', 'ms', 'lower', (run) => run.lastDeliveryMs.p50),
      row('broadcast → last delivery p99', 'ms', 'lower', (run) => run.lastDeliveryMs.p99),
      row('server fan-out p50', 'ms', 'lower', (run) => run.serverFanoutMs.p50),
      row('sustained events/s to every client', 'events/s', 'higher', (run) => run.eventsPerSecond),
      row('server CPU / delivery', 'µs', 'lower', (run) => run.serverCpuMicrosPerDelivery),
      row('server peak RSS under load', 'MiB', 'lower', (run) => run.peakRssUnderLoadMiB),
    ];
  }),
  details: {
    node: process.version,
    cpus: cpus().length,
    method: {
      broadcasts,
      throughputMs,
      inFlightWindow: IN_FLIGHT_WINDOW,
      clientsPerProcess: CLIENTS_PER_PROCESS,
      topic: 'job/*',
    },
    runs,
    ratios,
  },
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${join(here, 'results.json')}`);

/** Says what went missing in a pair of runs: connections, broadcasts, slow-consumer cut-offs. */
function connectionNote(...pair: readonly RunResult[]): string | undefined {
  const missing = pair.flatMap((run) => {
    const said = [
      run.connections < run.connectionsWanted
        ? `${run.connections} of ${run.connectionsWanted} connected`
        : '',
      run.broadcastsTimedOut > 0 ? `${run.broadcastsTimedOut} broadcasts timed out` : '',
      run.slowDisconnects > 0 ? `${run.slowDisconnects} slow-consumer cut-offs` : '',
    ].filter(Boolean);
    return said.length > 0 ? [`${run.implementation}: ${said.join(', ')}`] : [];
  });
  return missing.length > 0 ? missing.join('; ') : undefined;
}
