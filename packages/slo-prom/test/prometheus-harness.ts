/**
 * A real Prometheus for the integration tests: a tiny exporter of the seeds' metrics on loopback,
 * a `prometheus` child process scraping it every second, and optional backfilled history made
 * with `promtool tsdb create-blocks-from openmetrics`. Everything binds 127.0.0.1 only and is
 * removed by `stop()`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { findExecutable, freePort, waitFor } from '@lukhas/test-kit';

/** Upper bounds of the latency buckets, in milliseconds (the seeds' `le` unit). */
export const LATENCY_BUCKETS_MS = [50, 100, 250, 500, 1000, 2500] as const;

/** Traffic of one gate: counters grow by these rates between scrapes. */
export interface GateTraffic {
  readonly requestsPerSecond: number;
  /** Share of requests that fail, 0..1. */
  readonly errorRatio: number;
  /**
   * Share of requests per bucket, keyed by the bucket's upper bound (`Infinity` for above the last);
   * shares need not be listed for empty buckets and must sum to 1.
   */
  readonly latencyShares: Readonly<Partial<Record<number, number>>>;
}

interface GateCounters {
  traffic: GateTraffic;
  requests: number;
  errors: number;
  latencySumMs: number;
  /** Cumulative, one per bucket of LATENCY_BUCKETS_MS then +Inf. */
  buckets: number[];
}

/** Cumulative share of requests at or below each bucket bound, `+Inf` last. */
export function cumulativeShares(traffic: GateTraffic): number[] {
  let total = 0;
  const shares = [...LATENCY_BUCKETS_MS, Number.POSITIVE_INFINITY].map((bound) => {
    total += traffic.latencyShares[bound] ?? 0;
    return total;
  });
  if (Math.abs(total - 1) > 1e-9) throw new Error(`latency shares sum to ${total}, not 1`);
  return shares;
}

/**
 * What PromQL's histogram_quantile returns for these shares (the rates are proportional to them):
 * linear interpolation inside the bucket holding the rank, the lowest bucket starting at 0, and the
 * highest finite bound when the rank falls in +Inf.
 */
export function expectedHistogramQuantile(quantile: number, traffic: GateTraffic): number {
  const cumulative = cumulativeShares(traffic);
  const rank = quantile * (cumulative.at(-1) ?? 0);
  const index = cumulative.findIndex((count) => count >= rank);
  const bounds = LATENCY_BUCKETS_MS;
  if (index === bounds.length) return bounds[bounds.length - 1] ?? Number.NaN;
  const upper = bounds[index] ?? Number.NaN;
  const lower = index === 0 ? 0 : (bounds[index - 1] ?? Number.NaN);
  const below = index === 0 ? 0 : (cumulative[index - 1] ?? 0);
  const inBucket = (cumulative[index] ?? 0) - below;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}

/** The exporter: `GET /metrics` in the Prometheus text format, counters advanced at each scrape. */
export interface Exporter {
  /** `127.0.0.1:<port>`, the scrape target. */
  readonly target: string;
  /** Scrapes answered so far. */
  scrapes(): number;
  /** Changes a gate's traffic from now on (counters keep what they accumulated). */
  setTraffic(gate: string, traffic: GateTraffic): void;
  close(): Promise<void>;
}

/** Starts the exporter on a random loopback port. */
export async function startExporter(gates: Readonly<Record<string, GateTraffic>>): Promise<Exporter> {
  const counters = new Map<string, GateCounters>();
  for (const [gate, traffic] of Object.entries(gates)) {
    cumulativeShares(traffic);
    counters.set(gate, {
      traffic,
      requests: 0,
      errors: 0,
      latencySumMs: 0,
      buckets: cumulativeShares(traffic).map(() => 0),
    });
  }
  let lastAdvance = Date.now();
  let scrapes = 0;

  // Counters start at 0 together and grow linearly, so every rate ratio PromQL computes is exact.
  function advance(): void {
    const now = Date.now();
    const seconds = (now - lastAdvance) / 1000;
    lastAdvance = now;
    for (const gate of counters.values()) {
      const requests = gate.traffic.requestsPerSecond * seconds;
      const shares = cumulativeShares(gate.traffic);
      gate.requests += requests;
      gate.errors += requests * gate.traffic.errorRatio;
      gate.buckets = gate.buckets.map((count, index) => count + requests * (shares[index] ?? 0));
      gate.latencySumMs += requests * meanLatencyMs(gate.traffic);
    }
  }

  function exposition(): string {
    const lines = [
      '# HELP model_latency Model request latency in milliseconds.',
      '# TYPE model_latency histogram',
    ];
    for (const [gate, counter] of counters) {
      counter.buckets.forEach((count, index) => {
        const bound = LATENCY_BUCKETS_MS[index];
        lines.push(
          `model_latency_bucket{gate="${gate}",le="${bound === undefined ? '+Inf' : bound}"} ${count}`,
        );
      });
      lines.push(`model_latency_sum{gate="${gate}"} ${counter.latencySumMs}`);
      lines.push(`model_latency_count{gate="${gate}"} ${counter.requests}`);
    }
    lines.push('# HELP model_errors_total Failed model requests.', '# TYPE model_errors_total counter');
    for (const [gate, counter] of counters)
      lines.push(`model_errors_total{gate="${gate}"} ${counter.errors}`);
    lines.push('# HELP model_requests_total Model requests.', '# TYPE model_requests_total counter');
    for (const [gate, counter] of counters)
      lines.push(`model_requests_total{gate="${gate}"} ${counter.requests}`);
    return `${lines.join('\n')}\n`;
  }

  const server = createHttpServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    advance();
    scrapes += 1;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition());
  });
  await listen(server, 0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('exporter did not get a port');

  return {
    target: `127.0.0.1:${address.port}`,
    scrapes: () => scrapes,
    setTraffic(gate, traffic) {
      advance();
      const counter = counters.get(gate);
      if (counter === undefined) throw new Error(`unknown gate ${gate}`);
      counter.traffic = traffic;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function meanLatencyMs(traffic: GateTraffic): number {
  let mean = 0;
  let lower = 0;
  for (const bound of LATENCY_BUCKETS_MS) {
    mean += (traffic.latencyShares[bound] ?? 0) * ((lower + bound) / 2);
    lower = bound;
  }
  return mean + (traffic.latencyShares[Number.POSITIVE_INFINITY] ?? 0) * lower * 2;
}

/** A running Prometheus. */
export interface PrometheusServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops the process (idempotent); its port is then closed, so queries are refused. */
  stopProcess(): Promise<void>;
  /** Stops the process and removes its configuration and data directory. */
  stop(): Promise<void>;
  /** The tail of its log, for failure messages. */
  log(): string;
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  readonly scrapeTargets: readonly string[];
  /** OpenMetrics text (ending in `# EOF`) backfilled as TSDB blocks before start. */
  readonly history?: string;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts `prometheus` on a free loopback port with a fresh TSDB, waits for `/-/ready`.
 * Fails (never skips) when the binary is missing: these tests exist to run against the real thing.
 */
export async function startPrometheus(options: StartPrometheusOptions): Promise<PrometheusServer> {
  const binary = findBinary('prometheus');
  const directory = await mkdtemp(join(tmpdir(), 'slo-prom-it-'));
  const dataDirectory = join(directory, 'data');
  let child: ChildProcess | undefined;
  let logTail = '';
  let exited: Promise<void> = Promise.resolve();

  const stopProcess = async () => {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const running = child;
    running.kill('SIGTERM');
    const killTimer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killTimer);
  };
  const stop = async () => {
    await stopProcess();
    process.removeListener('exit', killOnExit);
    await rm(directory, { recursive: true, force: true });
  };
  // Last resort if the test runner dies before afterAll: never leave a Prometheus behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  try {
    if (options.history !== undefined) {
      const historyFile = join(directory, 'history.om');
      await writeFile(historyFile, options.history);
      const promtool = findBinary('promtool');
      await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', historyFile, dataDirectory]);
    }
    const configFile = join(directory, 'prometheus.yml');
    await writeFile(configFile, scrapeConfig(options.scrapeTargets));
    const port = await freePort();
    child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDirectory}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=1h',
        '--web.enable-lifecycle',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const running = child;
    exited = new Promise((resolve) => running.once('exit', () => resolve()));
    const keepTail = (chunk: Buffer) => {
      logTail = (logTail + chunk.toString()).slice(-8_000);
    };
    running.stdout?.on('data', keepTail);
    running.stderr?.on('data', keepTail);

    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, running, options.readyTimeoutMs ?? 20_000, () => logTail);
    return { url, stopProcess, stop, log: () => logTail };
  } catch (error) {
    await stop();
    throw error;
  }
}

function scrapeConfig(targets: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'scrape_configs:',
    '  - job_name: exporter',
    '    scrape_interval: 1s',
    '    scrape_timeout: 900ms',
    '    static_configs:',
    `      - targets: [${targets.map((target) => `'${target}'`).join(', ')}]`,
    '',
  ].join('\n');
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
): Promise<void> {
  await waitFor(
    async () => {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}) before ready:\n${log()}`);
      }
      // Not listening yet: a refused connection is not an answer.
      return fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
        (response) => response.ok,
        () => false,
      );
    },
    { timeoutMs, intervalMs: 100, message: () => `prometheus to be ready:\n${log()}` },
  );
}

/** Finds an executable ($PROMETHEUS_BIN / $PROMTOOL_BIN, else PATH and /usr/bin), failing with the install command. */
function findBinary(name: 'prometheus' | 'promtool'): string {
  return findExecutable({
    name,
    envVar: name === 'prometheus' ? 'PROMETHEUS_BIN' : 'PROMTOOL_BIN',
    directories: ['/usr/bin', '/usr/local/bin'],
    install:
      'These integration tests need a real Prometheus: install it with `apt-get install -y prometheus` (Debian/Ubuntu), then re-run.',
  });
}

function run(file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${basename(file)} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`));
      else resolve();
    });
  });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/**
 * OpenMetrics history for one gate, one point every `stepSeconds` from `start` (epoch s):
 * constant request rate and latency shares, an error ratio that may change over time.
 */
export function historyOpenMetrics(options: {
  readonly gate: string;
  readonly start: number;
  readonly points: number;
  readonly stepSeconds: number;
  readonly traffic: GateTraffic;
  /** Error ratio of the increment that ends at `at` (epoch s). */
  readonly errorRatioAt: (at: number) => number;
}): string {
  const shares = cumulativeShares(options.traffic);
  const perStep = options.traffic.requestsPerSecond * options.stepSeconds;
  const latency: string[] = [];
  const errors: string[] = [];
  const requests: string[] = [];
  let errorCount = 0;
  for (let index = 0; index < options.points; index += 1) {
    const at = options.start + index * options.stepSeconds;
    if (index > 0) errorCount += perStep * options.errorRatioAt(at);
    const count = perStep * index;
    const labels = `gate="${options.gate}"`;
    shares.forEach((share, bucket) => {
      const bound = LATENCY_BUCKETS_MS[bucket];
      latency.push(
        `model_latency_bucket{${labels},le="${bound === undefined ? '+Inf' : bound}"} ${count * share} ${at}`,
      );
    });
    latency.push(`model_latency_count{${labels}} ${count} ${at}`);
    latency.push(`model_latency_sum{${labels}} ${count * meanLatencyMs(options.traffic)} ${at}`);
    errors.push(`model_errors_total{${labels}} ${errorCount} ${at}`);
    requests.push(`model_requests_total{${labels}} ${count} ${at}`);
  }
  return [
    '# TYPE model_latency histogram',
    ...latency,
    '# TYPE model_errors counter',
    ...errors,
    '# TYPE model_requests counter',
    ...requests,
    '# EOF',
    '',
  ].join('\n');
}
