/**
 * The port the job runner drives: something that runs one task to its end. The runner owns the
 * job's lifecycle, queue and records; a launcher only runs the work (a child process, the demo
 * simulation, a remote worker) and says how it ended.
 */

/** A progress report from a running task: a fraction 0..1 and/or a message. */
export interface TaskProgress {
  readonly progress?: number;
  readonly message?: string;
}

/** What a launcher is asked to run. */
export interface LaunchRequest {
  readonly jobId: string;
  readonly taskId: string;
  readonly configId: string | null;
  /**
   * Aborted when an operator cancels the job or the runner stops. The launcher must then stop the
   * work (gracefully, then forcibly after `cancelGraceMs`) and settle with `cancelled`.
   */
  readonly signal: AbortSignal;
  /** How long stopping may be graceful before the work is killed, in ms. */
  readonly cancelGraceMs: number;
  /** Called for each progress report; the runner throttles what it stores. */
  readonly onProgress: (progress: TaskProgress) => void;
}

/** Extra facts kept on the job record (`exitCode`, `signal`, `stderrTail`, `logTail`, `simulated`, …). */
export type TaskDetails = Readonly<Record<string, unknown>>;

/** How a task ended. */
export type TaskOutcome =
  | { readonly status: 'completed'; readonly result: unknown; readonly details?: TaskDetails }
  | {
      readonly status: 'failed';
      /** One line a human can act on, e.g. `exit code 2: Traceback …` or `timed out after 30s`. */
      readonly reason: string;
      readonly exitCode?: number | null;
      readonly signal?: string | null;
      readonly details?: TaskDetails;
    }
  | { readonly status: 'cancelled'; readonly details?: TaskDetails };

/**
 * Runs tasks for the job runner. `launch` must not throw for a task that fails: it settles with a
 * `failed` outcome (a rejection is recorded as a failure too, but loses the details).
 *
 * @example
 * const launcher: TaskLauncher = {
 *   knownTasks: () => ['smoke'],
 *   async launch({ onProgress }) {
 *     onProgress({ progress: 1, message: 'done' });
 *     return { status: 'completed', result: { ok: true } };
 *   },
 * };
 */
export interface TaskLauncher {
  /** The task ids it can run, or `'any'` when every id is accepted (demo mode). */
  knownTasks(): readonly string[] | 'any';
  launch(request: LaunchRequest): Promise<TaskOutcome>;
}
