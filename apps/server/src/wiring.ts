/**
 * The composition root: configuration → traffic router → database → engines → monitoring →
 * recovery → HTTP → listening, each a named step below, in the order `startServer()` calls them. `src/main.ts`
 * (`pnpm start`) and the CLI's `cockpit serve` start the server this way; each owns its process
 * (signals, exit codes). Tests call {@link openCockpit} and build their own HTTP around it.
 */
import { lookup } from 'node:dns/promises';
import { type ServerType, serve } from '@hono/node-server';
import { CANARY_WEBHOOK_KIND, createCanaryEngine, ROUTER_WEIGHT_KIND } from '@lukhas/canary-engine';
import { type Clock, type CockpitEvent, messageOf } from '@lukhas/core';
import { createDocumentIndex } from '@lukhas/documents';
import { createFileOperations } from '@lukhas/file-ops';
import type { DemoLauncherOptions } from '@lukhas/job-runner';
import { describeNotificationSettings, type NotificationOutcome } from '@lukhas/notifications';
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCanaryLeaseStore,
  createCockpitStore,
  createJobClaims,
  isPersistenceError,
  migrateToLatest,
  openDatabaseSetting,
} from '@lukhas/persistence';
import { createSloMonitor } from '@lukhas/slo-prom';
import { createEventBus } from '@lukhas/sse-bus';
import { createJobRuntime, isTaskError } from '@lukhas/tasks';
import type { TrafficRouterAdapter, TrafficRouterCallOutcome } from '@lukhas/traffic-router';
import type { Hono } from 'hono';
import packageJson from '../package.json' with { type: 'json' };
import { type AppEnv, createApp } from './app.ts';
import { type BusFeed, feedBus } from './bus-feed.ts';
import type { Cockpit, CockpitMonitor, RecoveryReport } from './cockpit.ts';
import {
  createCockpitNotifier,
  NOTIFICATION_KIND,
  notificationOutboxFor,
  redeliverNotification,
} from './cockpit-notifier.ts';
import { type CockpitConfig, ConfigError, loadCockpitConfig } from './config/index.ts';
import { createEventFanOut, type EventFanOut } from './event-fan-out.ts';
import { type EventLoopLag, monitorEventLoopLag } from './event-loop-lag.ts';
import { fleetStatusOf } from './fleet-status.ts';
import { checkHealth, type HealthOptions } from './health.ts';
import { type CockpitMetrics, createCockpitMetrics } from './metrics/index.ts';
import { withNodeStreams } from './node-stream-hand-off.ts';
import { type OAuthResourceServer, openOAuthResourceServer } from './oauth/index.ts';
import { describeTrafficRouter, openTrafficRouter } from './open-traffic-router.ts';
import { outboxGivenUpAudit } from './outbox-given-up.ts';
import { type OutboxRelay, startOutboxRelay } from './outbox-relay.ts';
import { defaultPagesRoot } from './pages.ts';
import { type ReplicaHeartbeat, startReplicaHeartbeat } from './replica-heartbeat.ts';

/** The fleet's stores, on PostgreSQL only. */
interface FleetStores {
  readonly leases: ReturnType<typeof createCanaryLeaseStore>;
  readonly claims: ReturnType<typeof createJobClaims>;
}

/** The server's version (its package.json), as `/health` and the evidence pack report it. */
export const SERVER_VERSION: string = packageJson.version;

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** The environment the configuration is read from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where relative paths (database, repository root, task file) start (default `process.cwd()`). */
  readonly cwd?: string;
}

/** A listening cockpit. */
export interface RunningServer {
  /** The port it listens on (the real one when `PORT=0`). */
  readonly port: number;
  /** Stops listening, the engines and the metrics, then closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the cockpit and resolves once it listens, after printing where. Rejects with a
 * `ConfigError` (every bad variable at once), a task file or a persistence error for bad
 * configuration or database ({@link reportStartupFailure}).
 *
 * @example
 * const server = await startServer({ env: process.env });
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config = loadCockpitConfig(options.env, options.cwd);
  // Before the database: an issuer whose metadata cannot be read stops the start (exit 2).
  const oauth = await openOAuth(config);
  const cockpit = await openCockpit(config);
  // Before recover(), so the transitions of the recovery are counted too.
  const monitoring = startMonitoring(cockpit, config);
  try {
    const recovered = await cockpit.recover();
    const app = buildHttp({ cockpit, config, monitoring, oauth });
    const server = await listen(app, config);
    printStartup({ config, cockpit, recovered, port: server.port, oauth });
    return {
      port: server.port,
      async close() {
        // Not awaited: open keep-alive or SSE connections would hold it; the caller bounds the wait.
        server.close();
        monitoring.close();
        await cockpit.close();
      },
    };
  } catch (error) {
    monitoring.close();
    await cockpit.close();
    throw error;
  }
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

/** Seams for tests: a fake clock, a scripted monitor, a faster demo eval. */
export interface CockpitSeams {
  readonly clock?: Clock;
  readonly monitor?: CockpitMonitor;
  /** Pacing of the simulated eval in demo mode (no task file). */
  readonly demo?: DemoLauncherOptions;
}

/** A cockpit whose database was just opened, and the migrations that opening applied. */
export interface OpenedCockpit extends Cockpit {
  readonly migrated: readonly string[];
}

/**
 * Probes the traffic router, then opens the database (migrating it) and builds the engines over
 * one store; nothing runs until `recover()`. A router that cannot be driven rejects with a
 * `ConfigError` before the database is opened.
 *
 * @example
 * const cockpit = await openCockpit(loadCockpitConfig(process.env, process.cwd()));
 * await cockpit.recover();
 */
export async function openCockpit(config: CockpitConfig, seams: CockpitSeams = {}): Promise<OpenedCockpit> {
  // First, so the store can publish into it; the bus and the metrics subscribe once they exist.
  const events = createEventFanOut<CockpitEvent>();
  const routerCalls = createEventFanOut<TrafficRouterCallOutcome>();
  const notifications = createEventFanOut<NotificationOutcome>();
  const router = await openTrafficRouter(config, routerCalls.publish);
  let opened: Awaited<ReturnType<typeof openStore>>;
  try {
    opened = await openStore(config, events);
  } catch (error) {
    await router.close();
    throw error;
  }
  const { db, store, migrated, fleet } = opened;
  let heartbeat: ReplicaHeartbeat | undefined;
  let feed: BusFeed | undefined;
  try {
    // Beating before the engines claim anything: the other replicas count this one from now on.
    heartbeat =
      fleet === undefined
        ? undefined
        : await startReplicaHeartbeat({
            heartbeats: fleet.leases,
            replicaId: config.fleet.replicaId,
            leaseMs: config.fleet.leaseMs,
            onError: (error) => console.error(`fleet: heartbeat failed: ${messageOf(error)}`),
          });
    const engines = buildEngines({ config, store, seams, router, fleet });
    // Before anything can record an event, so the bus sees every one in id order.
    feed = await feedBus({
      db,
      database: config.database.kind,
      events,
      bus: engines.bus,
      onError: (error) => console.error(`sse: ${error.message}`),
    });
    const busFeed = feed;
    // After the store and the bus, like every fan-out listener; notify() only queues, so a slow or
    // failing receiver never holds a decision.
    const notifier = createCockpitNotifier({
      settings: config.notifications,
      knobs: config.webhooks,
      onOutcome: notifications.publish,
      settle: (key, settlement) => {
        store.settleOutbox(key, { ...settlement, at: Date.now() }).catch((error: unknown) => {
          // Unsettled, a relay sends it again once its hand-off ends: at least once.
          console.error(`outbox: notification ${key} not settled: ${messageOf(error)}`);
        });
      },
    });
    events.subscribe((event) => notifier.notify(event));
    const relayLifetime = new AbortController();
    let relay: OutboxRelay | undefined;
    return {
      migrated,
      store,
      ...engines,
      onEvent: (listener) => events.subscribe(listener),
      onNotification: (listener) => notifications.subscribe(listener),
      onRouterCall: (listener) => {
        // The start-up probe ran before anyone could listen: each listener hears it first.
        listener({ router: router.kind, call: 'probe', outcome: 'ok' });
        return routerCalls.subscribe(listener);
      },
      async recover() {
        const report = await recover(engines);
        // After the recovery, like every engine: the calls owed that their writer did not make
        // (a crash, a receiver down) are made by whichever replica's relay claims them.
        relay = startOutboxRelay({
          store,
          owner: config.fleet.replicaId,
          deliverers: {
            [CANARY_WEBHOOK_KIND]: (message) => engines.canaries.redeliverWebhook(message),
            [ROUTER_WEIGHT_KIND]: (message) => engines.canaries.redeliverRouterWeight(message),
            [NOTIFICATION_KIND]: redeliverNotification({
              settings: config.notifications,
              knobs: config.webhooks,
              onOutcome: notifications.publish,
              signal: relayLifetime.signal,
            }),
          },
          onError: (error) => console.error(`outbox: ${error.message}`),
          onGivenUp: (message, given) => store.recordAudit(outboxGivenUpAudit(message, given, Date.now())),
        });
        return report;
      },
      async close() {
        relayLifetime.abort(new Error('cockpit closing'));
        await Promise.allSettled([engines.jobs.stop(), engines.canaries.stop()]);
        await relay?.close();
        // Gone at once: the other replicas take this one's queued jobs now, not after the lease.
        await heartbeat?.stop();
        // The decisions are in: their messages get a bounded last chance, then the router closes.
        await notifier.close();
        await router.close();
        engines.bus.close();
        await busFeed.close();
        engines.documents.close();
        events.clear();
        routerCalls.clear();
        notifications.clear();
        await closeDatabase(db);
      },
    };
  } catch (error) {
    await feed?.close();
    await heartbeat?.stop();
    await router.close();
    await closeDatabase(db);
    throw error;
  }
}

/**
 * Step 1: the database (the SQLite file, or PostgreSQL, reached once before anything is created:
 * a bad URL or a server that does not answer rejects with the host and the cause), migrated, and
 * the store that publishes every recorded event.
 */
async function openStore(config: CockpitConfig, events: EventFanOut<CockpitEvent>) {
  const db = await openDatabaseSetting(config.database, {
    // Once per problem: a deleted, replaced or truncated database file stops writes (and /health).
    onFileProblem: (problem) => console.error(`database: ${problem.message}`),
    // The pool replaces the connection; a server that went away shows in /health and in writes.
    onIdleError: (error) => console.error(`database: idle PostgreSQL connection failed: ${error.message}`),
  });
  try {
    const migration = await migrateToLatest(db, { file: config.database.display });
    const store = createCockpitStore(db, {
      onEvent: events.publish,
      // A notified event's chat message is stored with it (the outbox), so it is sent at least once.
      outboxFor: notificationOutboxFor(config.notifications),
    });
    // Several replicas may share a PostgreSQL database: canaries under leases, a shared job queue.
    const fleet =
      config.database.kind === 'postgres'
        ? { leases: createCanaryLeaseStore(db), claims: createJobClaims(db) }
        : undefined;
    return { db, store, migrated: migration.applied, fleet };
  } catch (error) {
    await closeDatabase(db);
    throw error;
  }
}

/**
 * Step 0 (when LUKHAS_OAUTH_ISSUER is set): the issuer's metadata, read at start so that a wrong
 * or unreachable issuer is a clear start-up failure rather than a 503 on every token.
 */
export async function openOAuth(config: CockpitConfig): Promise<OAuthResourceServer | undefined> {
  const settings = config.oauth;
  return settings === null ? undefined : openOAuthResourceServer(settings);
}

/** Step 2: the live bus, the SLO monitor, the job runner, the canary engine, the document index, the file operations. */
function buildEngines(options: {
  readonly config: CockpitConfig;
  readonly store: CockpitDatabaseStore;
  readonly seams: CockpitSeams;
  readonly router: TrafficRouterAdapter;
  readonly fleet: FleetStores | undefined;
}) {
  const { config, store, seams, router, fleet } = options;
  const { replicaId, leaseMs } = config.fleet;
  // Fed by `feedBus` (bus-feed.ts) once built.
  const bus = createEventBus({
    eventLog: store,
    onError: (error) => console.error(`sse: ${error instanceof Error ? error.message : String(error)}`),
  });
  const monitor = seams.monitor ?? createSloMonitor({ prometheus: config.slo.prometheus });
  const clock = seams.clock === undefined ? {} : { clock: seams.clock };
  const jobRuntime = createJobRuntime({
    settings: config.tasks,
    store,
    ...clock,
    ...(seams.demo === undefined ? {} : { demo: seams.demo }),
    ...(fleet === undefined ? {} : { shared: { claims: fleet.claims, replicaId } }),
  });
  const policyBounds = { minIntervalSeconds: config.server.minIntervalMs / 1000 };
  const canaries = createCanaryEngine({
    store,
    monitor,
    webhooks: config.webhooks,
    // Canaries' own webhook URLs are checked by the address their name resolves to (SSRF).
    resolveHost: async (hostname) =>
      (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address),
    policyBounds,
    router,
    ...(fleet === undefined ? {} : { ownership: { leases: fleet.leases, replicaId, leaseMs } }),
    ...clock,
  });
  const documents = createDocumentIndex({ ...config.documents, ...clock });
  // Every file change is a transition of the store: audited, narrated and published like the rest.
  const files =
    config.fileOps === null
      ? undefined
      : createFileOperations({ ...config.fileOps, recorder: store, ...clock });
  return {
    bus,
    monitor,
    jobs: jobRuntime.runner,
    tasks: jobRuntime.launcher,
    canaries,
    policyBounds,
    documents,
    files,
  };
}

/** Step 3 (after `openCockpit`, before `recover`): `/health`'s inputs and the metrics. */
function startMonitoring(cockpit: Cockpit, config: CockpitConfig) {
  const eventLoopLag: EventLoopLag = monitorEventLoopLag();
  const health: HealthOptions = {
    version: SERVER_VERSION,
    startedAt: Date.now(),
    now: Date.now,
    database: cockpit.store,
    monitor: cockpit.monitor,
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
  const metrics: CockpitMetrics = createCockpitMetrics({
    cockpit,
    version: SERVER_VERSION,
    canTakeTraffic: async () => (await checkHealth(health)).ready,
    onError: (error) => console.error(`metrics: ${error instanceof Error ? error.message : String(error)}`),
  });
  return {
    health,
    metrics,
    close() {
      metrics.close();
      eventLoopLag.close();
    },
  };
}

/** Step 4: jobs a previous process left fail or run again; its running canaries resume. */
async function recover(engines: ReturnType<typeof buildEngines>): Promise<RecoveryReport> {
  const jobs = await engines.jobs.recover();
  const resumed = await engines.canaries.resume();
  return {
    interruptedJobs: jobs.interrupted.length,
    resumedJobs: jobs.resumed.length,
    resumedCanaries: resumed.resumed.length + resumed.deciding.length,
  };
}

/** Step 5: the HTTP app over the cockpit (`app.ts` assembles the routes). */
function buildHttp(options: {
  readonly cockpit: Cockpit;
  readonly config: CockpitConfig;
  readonly monitoring: ReturnType<typeof startMonitoring>;
  readonly oauth: OAuthResourceServer | undefined;
}): Hono<AppEnv> {
  const { cockpit, config, monitoring, oauth } = options;
  const { health, metrics } = monitoring;
  return createApp({
    security: config.security,
    ...(oauth === undefined ? {} : { oauth }),
    securityOptions: {
      onIssuerUnavailable: (error) => console.error(`oauth: ${error.message}`),
    },
    health,
    metrics,
    sse: { bus: cockpit.bus },
    evidence: {
      store: cockpit.store,
      version: SERVER_VERSION,
      onExport: (outcome) => metrics.recordEvidenceExport(outcome),
      onError: (error) => console.error(`evidence: ${error.message}`),
    },
    pages: { root: defaultPagesRoot() },
    mcp: {
      cockpit,
      version: SERVER_VERSION,
      onError: (error) => console.error(`mcp: ${error.message}`),
    },
  });
}

/** Step 6: listens on HOST:PORT; resolves with the real port (PORT=0 picks one). */
function listen(app: Hono<AppEnv>, config: CockpitConfig): Promise<{ port: number; close(): void }> {
  const { port, host } = config.server;
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: withNodeStreams(app.fetch), port, hostname: host }, (info) =>
      resolve({ port: info.port, close: () => server.close() }),
    );
  });
}

/** Step 7: where it listens, what it runs with, and what it recovered. */
// Loud when on: an operate caller may then change files of the repository.
function describeFileOps(config: CockpitConfig): string {
  const settings = config.fileOps;
  if (settings === null)
    return 'file operations: off (LUKHAS_FILE_OPS=1 enables list_files, read_file, write_file, apply_patch)';
  const allow =
    settings.allow === undefined
      ? 'any text file not denied or ignored (set LUKHAS_FILE_OPS_ALLOW to narrow it)'
      : settings.allow.join(',');
  return `file operations: ON under ${settings.root}, at most ${settings.maxBytes} bytes per file; writable: ${allow}`;
}

function printStartup(options: {
  readonly config: CockpitConfig;
  readonly cockpit: OpenedCockpit;
  readonly recovered: RecoveryReport;
  readonly port: number;
  readonly oauth: OAuthResourceServer | undefined;
}): void {
  const { config, cockpit, recovered, port, oauth } = options;
  const { host } = config.server;
  const migrated = cockpit.migrated.length > 0 ? ` (migrated: ${cockpit.migrated.join(', ')})` : '';
  console.log(`MCP Cockpit ${SERVER_VERSION} listening on http://${host}:${port}`);
  console.log(`  database ${config.database.display}${migrated}`);
  console.log(`  replica ${config.fleet.replicaId}${fleetNote(config)}`);
  console.log(`  SLO monitor: ${cockpit.monitor.mode}`);
  console.log(`  ${describeTrafficRouter(config.trafficRouter)}`);
  console.log(`  ${describeNotificationSettings(config.notifications)}`);
  console.log(
    cockpit.tasks.mode === 'demo'
      ? '  tasks: demo mode (no task file): every taskId runs a simulated eval'
      : `  tasks: ${cockpit.tasks.taskFile} (${cockpit.tasks.taskIds.length} tasks)`,
  );
  console.log(`  ${describeFileOps(config)}`);
  console.log(
    `  recovered: ${recovered.interruptedJobs} interrupted jobs failed, ${recovered.resumedJobs} queued jobs resumed, ${recovered.resumedCanaries} canaries resumed`,
  );
  const { apiKeys } = config.security;
  if (apiKeys.length > 0) {
    const readOnly = apiKeys.filter((apiKey) => !apiKey.scopes.includes('operate')).length;
    console.log(`  access: ${apiKeys.length} API keys, ${readOnly} of them read-only`);
  }
  if (oauth !== undefined) {
    console.log(
      `  access: OAuth tokens of ${oauth.settings.issuer} for ${oauth.settings.resource} (metadata: ${oauth.metadata.metadataUrl})`,
    );
  }
  if (apiKeys.length === 0 && oauth === undefined) {
    console.warn(
      '  WARNING: no LUKHAS_MCP_API_KEYS configured: the cockpit is open to anyone who can reach it;',
    );
    console.warn(`  it listens on ${host} only. Set LUKHAS_MCP_API_KEYS before exposing it.`);
  }
}

// Canaries and jobs are shared safely (leases, shared queue); events and the outbox are issue 14's rest.
function fleetNote(config: CockpitConfig): string {
  return config.database.kind === 'postgres'
    ? ` (PostgreSQL fleet: canaries under ${config.fleet.leaseMs / 1000}s leases, one shared job queue)`
    : '';
}
