/**
 * One serial queue per key, in call order: every transition of one job goes through it, so a
 * cancel and a completion racing each other are decided one after the other, while other jobs
 * never wait.
 */
import { createSerialQueue, type SerialQueue } from './serial-queue.ts';

/** Serialises async work per key. */
export interface KeyedSerial {
  /** Runs `step` after every step queued before it for `key` has settled; resolves with its result. */
  run<T>(key: string, step: () => Promise<T> | T): Promise<T>;
}

/**
 * A serialiser whose per-key queues are dropped once they drain, so memory stays bounded.
 *
 * @example
 * const serial = createKeyedSerial();
 * await serial.run(jobId, () => finish(jobId));
 */
export function createKeyedSerial(): KeyedSerial {
  const queues = new Map<string, { readonly queue: SerialQueue; pending: number }>();
  return {
    run(key, step) {
      let entry = queues.get(key);
      if (entry === undefined) {
        entry = { queue: createSerialQueue(), pending: 0 };
        queues.set(key, entry);
      }
      const current = entry;
      current.pending += 1;
      const result = current.queue.run(step);
      const settled = () => {
        current.pending -= 1;
        if (current.pending === 0 && queues.get(key) === current) queues.delete(key);
      };
      result.then(settled, settled);
      return result;
    },
  };
}
