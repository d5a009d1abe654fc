/**
 * What a job runner is built from: a store, a launcher, and the knobs of its queue, with their
 * defaults.
 */
import {
  type Clock,
  createIdGenerator,
  type IdGenerator,
  type JobStore,
  systemClock,
  type TransitionRecorder,
} from '@lukhas/core';
import type { SharedQueueOptions } from './shared-queue.ts';
import type { TaskLauncher } from './task-launcher.ts';

/** The part of the cockpit store the runner uses. */
export type JobRunnerStore = TransitionRecorder & JobStore;

/** How to build a runner. */
export interface JobRunnerOptions {
  readonly store: JobRunnerStore;
  readonly launcher: TaskLauncher;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Jobs running at once (default 2); the rest wait queued, first in first out. */
  readonly maxConcurrent?: number;
  /** How long a cancelled task may stop gracefully before it is killed, in ms (default 5000). */
  readonly cancelGraceMs?: number;
  /** Minimum time between two stored progress events of one job, in ms (default 250). */
  readonly progressThrottleMs?: number;
  /** Who the runner's own transitions (start, progress, end, recovery) are recorded as (default `system`). */
  readonly operator?: string;
  /**
   * How a job's end (completed, failed, cancelled) is retried when the store refuses it (disk full,
   * locked): first after `first` ms, then twice as long each time up to `max` (default 500 / 15000).
   * It is retried until stored, so a job never stays running with its result lost.
   */
  readonly storeRetryMs?: { readonly first: number; readonly max: number };
  /** Told about failures nobody awaits (a store error while recording a start, progress or an end). */
  readonly onError?: (error: unknown, context: { readonly jobId: string; readonly step: string }) => void;
  /**
   * Several replicas on one database: jobs are claimed from the shared queue (`shared-queue.ts`).
   * Default none: this runner runs the jobs submitted to it (one process, SQLite).
   */
  readonly shared?: SharedQueueOptions;
}

/** The options with every default applied: what each step of the runner works with. */
export interface JobRunnerContext {
  readonly store: JobRunnerStore;
  readonly launcher: TaskLauncher;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly maxConcurrent: number;
  readonly cancelGraceMs: number;
  readonly progressThrottleMs: number;
  /** Who the runner's own transitions are recorded as. */
  readonly operator: string;
  readonly storeRetryMs: { readonly first: number; readonly max: number };
  readonly onError: NonNullable<JobRunnerOptions['onError']>;
  readonly shared: SharedQueueOptions | undefined;
}

/** `options` with every default applied. */
export function jobRunnerContext(options: JobRunnerOptions): JobRunnerContext {
  return {
    store: options.store,
    launcher: options.launcher,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? createIdGenerator(),
    maxConcurrent: options.maxConcurrent ?? 2,
    cancelGraceMs: options.cancelGraceMs ?? 5_000,
    progressThrottleMs: options.progressThrottleMs ?? 250,
    operator: options.operator ?? 'system',
    storeRetryMs: options.storeRetryMs ?? { first: 500, max: 15_000 },
    onError:
      options.onError ??
      ((error, { jobId, step }) => console.error(`job runner: ${step} of ${jobId} failed:`, error)),
    shared: options.shared,
  };
}
