/**
 * `pnpm bench` (in apps/server): `tools/call` of a read-only tool (`get_job`) at 1, 16 and 64
 * concurrent clients, next to a plain hono JSON route on the same server and run (the ceiling) and
 * a plain route answering the same job from the same store (what the MCP layer adds to the read);
 * at 16 clients also the same call with the direct path off (`src/mcp/direct-tool-call.ts`).
 * Each client is one keep-alive connection sending the next request when the last one answered.
 * Prints requests/s and p50/p99 latency and writes them to bench/results.json (the common shape,
 * scripts/bench-results.ts); never asserts. About 10 × BENCH_SECONDS (default 3) s.
 * The load generator shares the machine with the server: compare the rows, not other machines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const WARMUP_MS = 500;
const CONCURRENCY = [1, 16, 64];
/**
 * Each target's SECONDS are measured in this many windows, the targets taking turns: this machine's
 * speed drifts by tens of percent within seconds, so back-to-back blocks compared the drift as much
 * as the targets. A target's rate is the median of its windows; its latencies pool all windows.
 */
const ROUNDS = 10;
/** Before each window: keep-alive connections opened and the route warm again. */
const WINDOW_WARMUP_MS = 150;

interface Target {
  readonly name: string;
  readonly path: string;
  readonly body: string;
}

interface Figures {
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/** One target on one listener. */
interface Endpoint {
  readonly port: number;
  readonly target: Target;
}

/** One window of one target: its rate, its latencies, its failed requests. */
interface Window {
  readonly perSecond: number;
  readonly latencies: number[];
  readonly errors: number;
}

function startServer(): Promise<{ child: ChildProcess; port: number; jobId: string; sdkPort: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'bench-server.ts')],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      // The rate limit would measure itself: raise it for the run.
      env: { ...process.env, MCP_RL_BUCKET: '1000000000', MCP_RL_WINDOW_MS: '1000', LUKHAS_MCP_API_KEYS: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`bench server did not start: ${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+) (\S+) (\d+)/.exec(output);
      if (match?.[1] && match[2] && match[3]) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), jobId: match[2], sdkPort: Number(match[3]) });
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}: ${output}`)));
  });
}

function send(agent: http.Agent, port: number, target: Target): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: target.path,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'content-length': Buffer.byteLength(target.body),
        },
      },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode === 200));
      },
    );
    request.once('error', () => resolve(false));
    request.end(target.body);
  });
}

async function measureWindow(
  endpoint: Endpoint,
  clients: number,
  seconds: number,
  warmupMs: number,
): Promise<Window> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const warmupEnds = performance.now() + warmupMs;
  const ends = warmupEnds + seconds * 1000;
  const client = async () => {
    for (let now = performance.now(); now < ends; now = performance.now()) {
      const ok = await send(agent, endpoint.port, endpoint.target);
      const took = performance.now() - now;
      if (now < warmupEnds) continue;
      if (ok) latencies.push(took);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
  return { perSecond: latencies.length / seconds, latencies, errors };
}

/** The endpoints' figures at `clients`, measured in ROUNDS alternating windows (see ROUNDS). */
async function measureAlternating(endpoints: readonly Endpoint[], clients: number): Promise<Figures[]> {
  const windows: Window[][] = endpoints.map(() => []);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Who goes first moves each round, so no target always follows the same one.
    for (let turn = 0; turn < endpoints.length; turn += 1) {
      const index = (round + turn) % endpoints.length;
      const warmup = round === 0 ? WARMUP_MS : WINDOW_WARMUP_MS;
      windows[index]?.push(
        await measureWindow(endpoints[index] as Endpoint, clients, SECONDS / ROUNDS, warmup),
      );
    }
  }
  return windows.map(figuresOf);
}

function figuresOf(windows: readonly Window[]): Figures {
  const latencies = windows.flatMap((window) => window.latencies).sort((a, b) => a - b);
  const rates = windows.map((window) => window.perSecond).sort((a, b) => a - b);
  const at = (sorted: readonly number[], quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    errors: windows.reduce((sum, window) => sum + window.errors, 0),
    perSecond: at(rates, 0.5),
    p50: at(latencies, 0.5),
    p99: at(latencies, 0.99),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

/** The MCP figures at one concurrency, each next to the ceiling's from the same run. */
function mcpVsCeiling(clients: number, mcp: Figures, ceiling: Figures): BenchRow[] {
  const errors = mcp.errors + ceiling.errors;
  const row = (
    figure: string,
    unit: string,
    better: BenchRow['better'],
    pick: (figures: Figures) => number,
  ): BenchRow => ({
    group: `${clients} ${clients === 1 ? 'client' : 'clients'}`,
    figure: `MCP tools/call get_job, ${figure}`,
    unit,
    value: round(pick(mcp)),
    comparison: { label: 'hono JSON route (ceiling)', value: round(pick(ceiling)) },
    better,
  });
  return [
    {
      ...row('throughput', 'req/s', 'higher', (figures) => figures.perSecond),
      note: errors > 0 ? `errors: MCP ${mcp.errors}, ceiling ${ceiling.errors}` : undefined,
    },
    row('latency p50', 'ms', 'lower', (figures) => figures.p50),
    row('latency p99', 'ms', 'lower', (figures) => figures.p99),
  ];
}

/** The direct path's share: the same call through the SDK's per-request server, same clients. */
function sdkPathRow(clients: number, sdk: Figures, direct: Figures): BenchRow {
  return {
    group: `${clients} clients`,
    figure: 'MCP tools/call get_job through the SDK per-request server (direct path off), throughput',
    unit: 'req/s',
    value: round(sdk.perSecond),
    comparison: { label: 'direct path on', value: round(direct.perSecond) },
    better: 'higher',
  };
}

/** What the MCP layer adds: the same call beside a plain route doing the tool's own work. */
function sameReadRow(clients: number, mcp: Figures, sameRead: Figures): BenchRow {
  return {
    group: `${clients} ${clients === 1 ? 'client' : 'clients'}`,
    figure: 'MCP tools/call get_job, throughput against a route doing the same read',
    unit: 'req/s',
    value: round(mcp.perSecond),
    comparison: {
      label: 'hono route answering the same job from the same store',
      value: round(sameRead.perSecond),
    },
    better: 'higher',
  };
}

const SDK_PATH_CLIENTS = 16;

const { child, port, jobId, sdkPort } = await startServer();
try {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'get_job', arguments: { jobId } },
  });
  const targets: Target[] = [
    { name: 'hono JSON route (ceiling)', path: '/bench/ceiling', body },
    { name: 'MCP tools/call get_job', path: '/mcp', body },
    { name: 'hono route, same read', path: '/bench/get-job', body },
  ];
  console.log(
    `tools/call of a read-only tool vs a plain hono JSON route; ${SECONDS} s per target in ${ROUNDS} alternating windows`,
  );
  console.log('clients | target                      |   req/s |  p50 ms |  p99 ms | errors');
  const rows: BenchRow[] = [];
  const print = (clients: number, name: string, figures: Figures) =>
    console.log(
      `${String(clients).padStart(7)} | ${name.padEnd(27)} | ${figures.perSecond.toFixed(0).padStart(7)} | ${figures.p50.toFixed(2).padStart(7)} | ${figures.p99.toFixed(2).padStart(7)} | ${figures.errors}`,
    );
  for (const clients of CONCURRENCY) {
    const endpoints: Endpoint[] = targets.map((target) => ({ port, target }));
    // At SDK_PATH_CLIENTS the same call with the direct path off takes its turns too.
    const sdkEndpoint = {
      port: sdkPort,
      target: { ...(targets[1] as Target), name: 'same, direct path off' },
    };
    if (clients === SDK_PATH_CLIENTS) endpoints.push(sdkEndpoint);
    const figures = await measureAlternating(endpoints, clients);
    for (const [index, endpoint] of endpoints.entries())
      print(clients, endpoint.target.name, figures[index] as Figures);
    const [ceiling, mcp, sameRead, sdk] = figures;
    if (ceiling && mcp) rows.push(...mcpVsCeiling(clients, mcp, ceiling));
    if (mcp && sameRead) rows.push(sameReadRow(clients, mcp, sameRead));
    if (mcp && sdk) rows.push(sdkPathRow(clients, sdk, mcp));
  }
  const results: BenchResults = {
    suite: 'server',
    title:
      'MCP tools/call of a read-only tool (get_job) vs a plain hono JSON route on the same server ' +
      `(the ceiling), ${CONCURRENCY.join('/')} keep-alive clients, ${SECONDS} s each in ${ROUNDS} alternating windows ` +
      '(rate: the median window; latency: all windows)',
    command: 'pnpm --filter @lukhas/server bench',
    measuredAt: new Date().toISOString(),
    rows,
  };
  const file = path.join(import.meta.dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  child.kill('SIGTERM');
}
