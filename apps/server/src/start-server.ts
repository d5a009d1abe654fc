/**
 * `startServer()`: boots the cockpit (configuration, database, engines recovering what a previous
 * run left, HTTP) and resolves once it listens. `src/main.ts` (`pnpm start`) and the CLI's
 * `cockpit serve` both start it this way; each owns its process (signals, exit codes).
 */
import { serve } from '@hono/node-server';
import { isPersistenceError } from '@lukhas/persistence';
import { isTaskError } from '@lukhas/tasks';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './app.ts';
import { openCockpit } from './cockpit.ts';
import { ConfigError, loadConfig } from './config.ts';
import { monitorEventLoopLag } from './event-loop-lag.ts';
import { checkHealth, type HealthOptions } from './health.ts';
import { loadSecurityConfig } from './http/index.ts';
import { createCockpitMetrics } from './metrics/index.ts';
import { defaultPagesRoot } from './pages.ts';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** The environment the configuration is read from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** A listening cockpit. */
export interface RunningServer {
  /** The port it listens on (the real one when `PORT=0`). */
  readonly port: number;
  /** Stops listening, the engines and the metrics, then closes the database. */
  close(): Promise<void>;
}

/** The server's version (its package.json), as `/health` and the evidence pack report it. */
export const SERVER_VERSION: string = packageJson.version;

/**
 * Starts the cockpit and resolves once it listens, after printing where. Rejects with a
 * `ConfigError` or a persistence error for bad configuration or database ({@link reportStartupFailure}).
 *
 * @example
 * const server = await startServer({ env: process.env });
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const config = loadConfig(env);
  const security = loadSecurityConfig(env, { bindHost: config.host });
  const cockpit = await openCockpit({ config, env });
  const eventLoopLag = monitorEventLoopLag();
  const health: HealthOptions = {
    version: packageJson.version,
    startedAt: Date.now(),
    now: Date.now,
    database: cockpit.store,
    monitor: cockpit.monitor,
    sseClients: () => cockpit.bus.clientCount(),
    eventLoopLagMs: () => eventLoopLag.p99Ms(),
    maxEventLoopLagMs: config.healthMaxLagMs,
  };
  // Before recover(), so the transitions of the recovery are counted too.
  const metrics = createCockpitMetrics({
    cockpit,
    version: packageJson.version,
    canTakeTraffic: async () => (await checkHealth(health)).ready,
    onError: (error) => console.error(`metrics: ${error instanceof Error ? error.message : String(error)}`),
  });
  const recovered = await cockpit.recover();

  const app = createApp({
    security,
    health,
    metrics,
    sse: { bus: cockpit.bus },
    evidence: {
      store: cockpit.store,
      version: packageJson.version,
      onExport: (outcome) => metrics.recordEvidenceExport(outcome),
      onError: (error) => console.error(`evidence: ${error.message}`),
    },
    pages: { root: defaultPagesRoot() },
    mcp: {
      cockpit,
      version: packageJson.version,
      onError: (error) => console.error(`mcp: ${error.message}`),
    },
  });

  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      const migrated = cockpit.migrated.length > 0 ? ` (migrated: ${cockpit.migrated.join(', ')})` : '';
      console.log(`MCP Cockpit ${packageJson.version} listening on http://${config.host}:${info.port}`);
      console.log(`  database ${config.databaseFile}${migrated}`);
      console.log(`  SLO monitor: ${cockpit.monitor.mode}`);
      console.log(
        cockpit.tasks.mode === 'demo'
          ? '  tasks: demo mode (no task file): every taskId runs a simulated eval'
          : `  tasks: ${cockpit.tasks.taskFile} (${cockpit.tasks.taskIds.length} tasks)`,
      );
      console.log(
        `  recovered: ${recovered.interruptedJobs} interrupted jobs failed, ${recovered.resumedJobs} queued jobs resumed, ${recovered.resumedCanaries} canaries resumed`,
      );
      if (config.apiKeys.length === 0) {
        console.warn(
          '  WARNING: no LUKHAS_MCP_API_KEYS configured: the cockpit is open to anyone who can reach it;',
        );
        console.warn(`  it listens on ${config.host} only. Set LUKHAS_MCP_API_KEYS before exposing it.`);
      }
      resolve(info.port);
    });
  });
  return {
    port,
    async close() {
      // Not awaited: open keep-alive or SSE connections would hold it; the caller bounds the wait.
      server?.close();
      metrics.close();
      eventLoopLag.close();
      await cockpit.close();
    },
  };
}

/**
 * Prints why {@link startServer} failed, as `pnpm start` always has, and returns the exit code: 2
 * for configuration or database problems (`cannot start: <reason>`), 1 for anything else.
 */
export function reportStartupFailure(error: unknown): 1 | 2 {
  if (error instanceof ConfigError || isTaskError(error) || isPersistenceError(error)) {
    console.error(`cannot start: ${error.message}`);
    return 2;
  }
  console.error('cannot start:', error);
  return 1;
}
