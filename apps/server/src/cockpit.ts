import { lookup } from 'node:dns/promises';
import { type CanaryEngine, createCanaryEngine, webhookSettingsFromEnv } from '@lukhas/canary-engine';
import type { Clock, CockpitEvent, PolicyBounds } from '@lukhas/core';
import { createDocumentIndex, type DocumentIndex, documentIndexOptionsFromEnv } from '@lukhas/documents';
import type { DemoLauncherOptions, JobRunner } from '@lukhas/job-runner';
import {
  type CockpitDatabaseStore,
  closeDatabase,
  createCockpitStore,
  migrateToLatest,
  openDatabase,
} from '@lukhas/persistence';
import { createSloMonitorFromEnv } from '@lukhas/slo-prom';
import { createEventBus, type EventBus } from '@lukhas/sse-bus';
import { createJobRuntime, parseTaskSettings, type TaskLauncherChoice } from '@lukhas/tasks';
import type { ServerConfig } from './config.ts';

/** The SLO monitor as the cockpit uses it: the port plus what /health and /metrics report. */
export type CockpitMonitor = ReturnType<typeof createSloMonitorFromEnv>;

/** Everything the routes need, composed from the packages. */
export interface Cockpit {
  readonly store: CockpitDatabaseStore;
  readonly monitor: CockpitMonitor;
  readonly jobs: JobRunner;
  readonly tasks: TaskLauncherChoice;
  readonly canaries: CanaryEngine;
  /** The limits a canary policy must keep (the minimum interval from LUKHAS_MIN_INTERVAL_MS). */
  readonly policyBounds: Partial<PolicyBounds>;
  readonly documents: DocumentIndex;
  /** The live event bus behind `/sse`: every persisted event, replay from the store. */
  readonly bus: EventBus;
  /** Subscribes to every persisted event, in id order; returns the unsubscribe function. */
  onEvent(listener: (event: CockpitEvent) => void): () => void;
  /** Picks up work a previous process left: fails interrupted jobs, runs queued ones, resumes canaries. */
  recover(): Promise<{ interruptedJobs: number; resumedJobs: number; resumedCanaries: number }>;
  /** Stops the engines and closes the database. */
  close(): Promise<void>;
}

/** Seams for tests: a fake clock, a scripted monitor, a faster demo eval. */
export interface CockpitOptions {
  readonly config: ServerConfig;
  readonly env: NodeJS.ProcessEnv;
  readonly clock?: Clock;
  readonly monitor?: CockpitMonitor;
  /** Pacing of the simulated eval in demo mode (no task file). */
  readonly demo?: DemoLauncherOptions;
}

/**
 * Opens the database (migrating it), picks the SLO monitor and the task launcher, and builds the
 * engines over one store.
 *
 * @example
 * const cockpit = await openCockpit({ config: loadConfig(process.env), env: process.env });
 * await cockpit.recover();
 */
export async function openCockpit(
  options: CockpitOptions,
): Promise<Cockpit & { readonly migrated: readonly string[] }> {
  const { config, env } = options;
  const db = openDatabase({
    file: config.databaseFile,
    // Once per problem: a deleted, replaced or truncated database file stops writes (and /health).
    onFileProblem: (problem) => console.error(`database: ${problem.message}`),
  });
  const listeners = new Set<(event: CockpitEvent) => void>();
  try {
    const migration = await migrateToLatest(db, { file: config.databaseFile });
    const store = createCockpitStore(db, {
      onEvent: (event) => {
        bus.publish(event);
        for (const listener of listeners) listener(event);
      },
    });
    // Built before anything can record an event, so the bus sees every one in id order.
    const bus = createEventBus({
      eventLog: store,
      onError: (error) => console.error(`sse: ${error instanceof Error ? error.message : String(error)}`),
    });
    const monitor = options.monitor ?? createSloMonitorFromEnv(env);
    const clock = options.clock === undefined ? {} : { clock: options.clock };
    const demo = options.demo === undefined ? {} : { demo: options.demo };
    const settings = parseTaskSettings(env, { repoRoot: config.repoRoot, cwd: process.cwd() });
    const jobRuntime = createJobRuntime({ settings, store, ...clock, ...demo });
    const policyBounds = { minIntervalSeconds: config.minIntervalMs / 1000 };
    const canaries = createCanaryEngine({
      store,
      monitor,
      webhooks: webhookSettingsFromEnv(env),
      // Canaries' own webhook URLs are checked by the address their name resolves to (SSRF).
      resolveHost: async (hostname) =>
        (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address),
      policyBounds,
      ...clock,
    });
    // The task file holds task `env` secrets: never served, by the path the runtime loaded and by
    // LUKHAS_TASKS_FILE read as that runtime reads it (relative to the working directory).
    const documentOptions = documentIndexOptionsFromEnv(
      { ...env, LUKHAS_REPO_ROOT: config.repoRoot },
      process.cwd(),
    );
    const taskFile = jobRuntime.launcher.taskFile;
    const documents = createDocumentIndex({
      ...documentOptions,
      deniedFiles: [...(documentOptions.deniedFiles ?? []), ...(taskFile === null ? [] : [taskFile])],
      ...clock,
    });

    return {
      migrated: migration.applied,
      store,
      monitor,
      jobs: jobRuntime.runner,
      tasks: jobRuntime.launcher,
      canaries,
      policyBounds,
      documents,
      bus,
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async recover() {
        const jobs = await jobRuntime.runner.recover();
        const resumed = await canaries.resume();
        return {
          interruptedJobs: jobs.interrupted.length,
          resumedJobs: jobs.resumed.length,
          resumedCanaries: resumed.resumed.length + resumed.deciding.length,
        };
      },
      async close() {
        await Promise.allSettled([jobRuntime.runner.stop(), canaries.stop()]);
        bus.close();
        documents.close();
        listeners.clear();
        await closeDatabase(db);
      },
    };
  } catch (error) {
    await closeDatabase(db);
    throw error;
  }
}
