/**
 * Runs tasks one after another: the per-canary lock that keeps its samples, its abort and its
 * decision from interleaving, and (keyed, see `createKeyedSerial`) the per-job order of transitions.
 */

/** A FIFO of async tasks, one at a time. */
export interface SerialQueue {
  /** Runs `task` after every task queued before it; its result or error is returned to the caller only. */
  run<T>(task: () => Promise<T> | T): Promise<T>;
  /** Resolves when every task queued so far has finished. */
  idle(): Promise<void>;
}

/**
 * A new, empty queue.
 *
 * @example
 * const queue = createSerialQueue();
 * await queue.run(() => takeSample(canaryId));
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
    idle: () => tail.then(() => undefined),
  };
}
