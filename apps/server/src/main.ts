import { serve } from '@hono/node-server';
import { createCockpitStore, isPersistenceError, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createSloMonitorFromEnv } from '@lukhas/slo-prom';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

/** Boots the cockpit: configuration, database, SLO monitor, HTTP. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const db = openDatabase({ file: config.databaseFile });
  const migration = await migrateToLatest(db, { file: config.databaseFile });
  const store = createCockpitStore(db);
  const monitor = createSloMonitorFromEnv(process.env);

  const app = createApp({
    health: {
      version: packageJson.version,
      startedAt: Date.now(),
      now: Date.now,
      database: store,
      databaseFile: config.databaseFile,
      monitor: { mode: monitor.mode, fallbackSince: () => monitor.stats().fallbackSince },
      sseClients: () => 0,
    },
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`MCP Cockpit ${packageJson.version} listening on http://${config.host}:${info.port}`);
    console.log(
      `  database ${config.databaseFile}${migration.applied.length > 0 ? ` (migrated: ${migration.applied.join(', ')})` : ''}`,
    );
    console.log(`  SLO monitor: ${monitor.mode}`);
    if (config.apiKeys.length === 0) {
      console.warn(
        '  WARNING: no LUKHAS_MCP_API_KEYS configured: the cockpit is open to anyone who can reach it;',
      );
      console.warn(`  it listens on ${config.host} only. Set LUKHAS_MCP_API_KEYS before exposing it.`);
    }
  });

  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down`);
    server.close(() => {
      void db.destroy().then(() => process.exit(0));
    });
    // Open keep-alive or SSE connections must not hold the process forever.
    setTimeout(() => process.exit(0), 5_000).unref();
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
