/**
 * A real cockpit server for the MCP integration tests: the app of `main.ts` (request metrics,
 * security layer, /health, /metrics, /sse, /mcp) over a file database in a temp directory, the stub SLO monitor (scriptable), a
 * fast demo eval, and a temp copy of the sample repository for search/fetch, listening on
 * 127.0.0.1 through @hono/node-server.
 */

import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createTempRepo, type TempRepo } from '@lukhas/documents/testing';
import { createStubMonitor, type StubMonitor } from '@lukhas/slo-prom';
import { createApp } from '../src/app.ts';
import type { Cockpit } from '../src/cockpit.ts';
import { loadCockpitConfig } from '../src/config/index.ts';
import { monitorEventLoopLag } from '../src/event-loop-lag.ts';
import { fleetStatusOf } from '../src/fleet-status.ts';
import { checkHealth, type HealthOptions } from '../src/health.ts';
import { type CockpitMetrics, createCockpitMetrics } from '../src/metrics/index.ts';
import { withNodeStreams } from '../src/node-stream-hand-off.ts';
import { defaultPagesRoot } from '../src/pages.ts';
import { openCockpit, openOAuth } from '../src/wiring.ts';

/** A running test server. */
export interface McpTestServer {
  /** `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`. */
  readonly base: string;
  readonly port: number;
  readonly cockpit: Cockpit;
  readonly monitor: StubMonitor;
  /** The registry behind `/metrics`. */
  readonly metrics: CockpitMetrics;
  readonly databaseFile: string;
  readonly repo: TempRepo;
  /** Errors the MCP layer reported (malformed requests, internal tool failures). */
  readonly errors: Error[];
  /** Stops listening, the engines and the database; the files stay (to inspect the database). */
  stop(): Promise<void>;
  /** `stop()`, then removes the temp files. */
  close(): Promise<void>;
}

/** Options of {@link startMcpTestServer}. */
export interface McpTestServerOptions {
  /** 0 (default) picks a free port; the seed tests use the ports the seeds name. */
  readonly port?: number;
  /** Extra environment: LUKHAS_MCP_API_KEYS, LUKHAS_OAUTH_ISSUER, MCP_RL_BUCKET, LUKHAS_MAX_BODY_BYTES, LUKHAS_TASKS_FILE… */
  readonly env?: Record<string, string>;
  readonly maxWaitMs?: number;
  /** Demo eval pacing; default 4 steps of 40 ms. */
  readonly demo?: { readonly steps?: number; readonly stepMs?: number };
  /** Files written into the temp repository before start (e.g. `cockpit.tasks.json`). */
  readonly repoFiles?: Record<string, string>;
}

/**
 * Starts a server; `close()` stops it, the engines and the database, and removes the temp files.
 *
 * @example
 * const server = await startMcpTestServer();
 * const response = await fetch(server.url, { method: 'POST', body, headers });
 * await server.close();
 */
export async function startMcpTestServer(options: McpTestServerOptions = {}): Promise<McpTestServer> {
  const repo = await createTempRepo({ files: options.repoFiles ?? {} });
  const databaseFile = path.join(repo.outside, 'cockpit.db');
  // Something outside the root that search/fetch must never serve.
  await writeFile(path.join(repo.outside, 'secret.md'), '# Secret\nnever served\n');
  const env: NodeJS.ProcessEnv = {
    // The tests fire many requests from one address; the rate limit has its own tests.
    MCP_RL_BUCKET: '1000000',
    // The tests run canaries sampling every 0.5 s; the 1 s default has its own tests.
    LUKHAS_MIN_INTERVAL_MS: '100',
    ...options.env,
    LUKHAS_MCP_DB: databaseFile,
    LUKHAS_REPO_ROOT: repo.root,
    // It listens on 127.0.0.1, keys or not: the Host check allows loopback names only.
    HOST: '127.0.0.1',
  };
  const config = loadCockpitConfig(env, repo.root);
  // With LUKHAS_OAUTH_ISSUER set, its metadata is read first, as `startServer` does.
  const oauth = await openOAuth(config);
  const monitor = createStubMonitor({ jitter: 0 });
  const cockpit = await openCockpit(config, { monitor, demo: options.demo ?? { steps: 4, stepMs: 40 } });
  const eventLoopLag = monitorEventLoopLag();
  const health: HealthOptions = {
    version: '0.0.0-test',
    startedAt: Date.now(),
    now: Date.now,
    database: cockpit.store,
    monitor,
    sseClients: () => cockpit.bus.clientCount(),
    fleet: fleetStatusOf({
      replicaId: config.fleet.replicaId,
      database: config.database.kind,
      canaries: cockpit.canaries,
      jobs: cockpit.jobs,
    }),
    eventLoopLagMs: () => eventLoopLag.p99Ms(),
    maxEventLoopLagMs: config.server.healthMaxLagMs,
  };
  // As wiring.ts: built before recover(), so recovered transitions are counted.
  const metrics = createCockpitMetrics({
    cockpit,
    version: '0.0.0-test',
    canTakeTraffic: async () => (await checkHealth(health)).ready,
  });
  await cockpit.recover();
  const errors: Error[] = [];
  const app = createApp({
    security: config.security,
    ...(oauth === undefined ? {} : { oauth }),
    health,
    metrics,
    sse: { bus: cockpit.bus },
    evidence: {
      store: cockpit.store,
      version: '0.0.0-test',
      onExport: (outcome) => metrics.recordEvidenceExport(outcome),
    },
    pages: { root: defaultPagesRoot() },
    mcp: {
      cockpit,
      version: '0.0.0-test',
      ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
      onError: (error) => errors.push(error),
    },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve(
      { fetch: withNodeStreams(app.fetch), port: options.port ?? 0, hostname: '127.0.0.1' },
      () => resolve(listening),
    );
    listening.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      metrics.close();
      eventLoopLag.close();
      await cockpit.close();
    })();
    return stopped;
  };
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    base: `http://127.0.0.1:${port}`,
    port,
    cockpit,
    monitor,
    metrics,
    databaseFile,
    repo,
    errors,
    stop,
    async close() {
      await stop();
      await repo.remove();
    },
  };
}
