/**
 * Runs async steps one at a time per key, in call order: every transition of one job goes
 * through it, so a cancel and a completion racing each other are decided one after the other.
 */

/** Serialises async work per key. */
export interface KeyedSerial {
  /** Runs `step` after every step queued before it for `key` has settled; resolves with its result. */
  run<T>(key: string, step: () => Promise<T> | T): Promise<T>;
}

/**
 * A serialiser whose per-key chains are dropped once they drain, so memory stays bounded.
 *
 * @example
 * const serial = createKeyedSerial();
 * await serial.run(jobId, () => finish(jobId));
 */
export function createKeyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, step) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(step);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
