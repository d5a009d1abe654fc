/**
 * The runner's waiting line: jobs start first in, first out, at most `maxConcurrent` at once;
 * a finished job frees its slot for the next one.
 */

/** How the queue starts a job. */
export interface JobQueueOptions {
  readonly maxConcurrent: number;
  /** Runs one job to its end; the slot is held until it settles (a rejection is the caller's to report). */
  readonly run: (jobId: string) => Promise<void>;
}

/** A FIFO of job ids with a bound on how many run at once. */
export interface JobQueue {
  push(jobId: string): void;
  /** Puts older jobs ahead of everything waiting (recovery at start-up). */
  pushFront(jobIds: readonly string[]): void;
  /** Takes a waiting job out; false when it was not waiting. */
  remove(jobId: string): boolean;
  /** Stops starting jobs and empties the line; returns the ids that were waiting. */
  close(): string[];
  activeCount(): number;
  queuedCount(): number;
  /** Resolves when nothing runs and nothing waits. */
  idle(): Promise<void>;
}

/**
 * A queue that starts jobs as slots free.
 *
 * @example
 * const queue = createJobQueue({ maxConcurrent: 2, run: (jobId) => runJob(jobId) });
 * queue.push('job_000001');
 */
export function createJobQueue(options: JobQueueOptions): JobQueue {
  const maxConcurrent = Math.max(1, Math.floor(options.maxConcurrent));
  const waiting: string[] = [];
  const idleWaiters: (() => void)[] = [];
  let active = 0;
  let closed = false;

  function pump(): void {
    while (!closed && active < maxConcurrent) {
      const jobId = waiting.shift();
      if (jobId === undefined) break;
      active += 1;
      void options
        .run(jobId)
        .catch(() => undefined)
        .finally(() => {
          active -= 1;
          pump();
        });
    }
    if (active === 0 && waiting.length === 0) {
      for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  return {
    push(jobId) {
      waiting.push(jobId);
      pump();
    },
    pushFront(jobIds) {
      waiting.unshift(...jobIds);
      pump();
    },
    remove(jobId) {
      const index = waiting.indexOf(jobId);
      if (index < 0) return false;
      waiting.splice(index, 1);
      pump();
      return true;
    },
    close() {
      closed = true;
      const dropped = waiting.splice(0);
      pump();
      return dropped;
    },
    activeCount: () => active,
    queuedCount: () => waiting.length,
    idle() {
      if (active === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
