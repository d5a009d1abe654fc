import { serve } from '@hono/node-server';
import { isPersistenceError } from '@lukhas/persistence';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './app.ts';
import { openCockpit } from './cockpit.ts';
import { ConfigError, loadConfig } from './config.ts';
import { monitorEventLoopLag } from './event-loop-lag.ts';
import { checkHealth, type HealthOptions } from './health.ts';
import { loadSecurityConfig } from './http/index.ts';
import { createCockpitMetrics } from './metrics/index.ts';
import { defaultPagesRoot } from './pages.ts';

/** Boots the cockpit: configuration, database, engines (recovering what a previous run left), HTTP. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const security = loadSecurityConfig(process.env, { bindHost: config.host });
  const cockpit = await openCockpit({ config, env: process.env });
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

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
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
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    // Open keep-alive or SSE connections must not hold the process forever.
    setTimeout(() => process.exit(0), 5_000).unref();
    server.close();
    metrics.close();
    eventLoopLag.close();
    void cockpit.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || isPersistenceError(error)) {
    console.error(`cannot start: ${error.message}`);
    process.exit(2);
  }
  console.error('cannot start:', error);
  process.exit(1);
});
