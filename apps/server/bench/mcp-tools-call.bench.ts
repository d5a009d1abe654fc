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

async function measure(port: number, target: Target, clients: number): Promise<Figures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  const warmupEnds = performance.now() + WARMUP_MS;
  const ends = warmupEnds + SECONDS * 1000;
  const client = async () => {
    for (let now = performance.now(); now < ends; now = performance.now()) {
      const ok = await send(agent, port, target);
      const took = performance.now() - now;
      if (now < warmupEnds) continue;
      if (ok) latencies.push(took);
      else errors += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / SECONDS,
    p50: at(0.5),
    p99: at(0.99),
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
    `tools/call of a read-only tool vs a plain hono JSON route; ${SECONDS}s per row after ${WARMUP_MS}ms warm-up`,
  );
  console.log('clients | target                      |   req/s |  p50 ms |  p99 ms | errors');
  const rows: BenchRow[] = [];
  for (const clients of CONCURRENCY) {
    const pair: Figures[] = [];
    for (const target of targets) {
      const figures = await measure(port, target, clients);
      pair.push(figures);
      console.log(
        `${String(clients).padStart(7)} | ${target.name.padEnd(27)} | ${figures.perSecond.toFixed(0).padStart(7)} | ${figures.p50.toFixed(2).padStart(7)} | ${figures.p99.toFixed(2).padStart(7)} | ${figures.errors}`,
      );
    }
    const [ceiling, mcp, sameRead] = pair;
    if (ceiling && mcp) rows.push(...mcpVsCeiling(clients, mcp, ceiling));
    if (mcp && sameRead) rows.push(sameReadRow(clients, mcp, sameRead));
    if (clients === SDK_PATH_CLIENTS && mcp) {
      const sdk = await measure(sdkPort, targets[1] as Target, clients);
      console.log(
        `${String(clients).padStart(7)} | ${'same, direct path off'.padEnd(27)} | ${sdk.perSecond.toFixed(0).padStart(7)} | ${sdk.p50.toFixed(2).padStart(7)} | ${sdk.p99.toFixed(2).padStart(7)} | ${sdk.errors}`,
      );
      rows.push(sdkPathRow(clients, sdk, mcp));
    }
  }
  const results: BenchResults = {
    suite: 'server',
    title:
      'MCP tools/call of a read-only tool (get_job) vs a plain hono JSON route on the same server ' +
      `(the ceiling), ${CONCURRENCY.join('/')} keep-alive clients, ${SECONDS} s each after ${WARMUP_MS} ms warm-up`,
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
