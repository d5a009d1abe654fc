/**
 * Bounds how many SLO readings an engine has in flight: when many canaries fall due at once (ten
 * thousand started together sample in the same instant) the monitor (Prometheus) is asked a few
 * hundred at a time, first come first served, instead of being flooded with all of them.
 */

/** Hands out slots for SLO readings, at most `max` at a time. */
export interface SloReadLimiter {
  /**
   * Waits for a slot. Resolves with the function that gives it back, or `undefined` when `signal`
   * aborted first. A slot is also given back when `signal` aborts while it is held (the reading
   * was abandoned: its deadline passed, or the canary was aborted), so a monitor that never
   * answers cannot keep it.
   */
  acquire(signal: AbortSignal): Promise<(() => void) | undefined>;
  /** Readings holding a slot now. */
  inFlight(): number;
  /** Readings waiting for a slot. */
  waiting(): number;
}

interface Waiter {
  readonly grant: () => void;
  cancelled: boolean;
}

/**
 * A limiter of `max` slots (at least 1).
 *
 * @example
 * const release = await limiter.acquire(signal);
 * if (release !== undefined) try { return await monitor.sample(query); } finally { release(); }
 */
export function createSloReadLimiter(max: number): SloReadLimiter {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a positive integer, got ${max}`);
  let held = 0;
  // A FIFO with a moving head: shifting a long array at every grant would be quadratic.
  let queue: Waiter[] = [];
  let head = 0;
  let cancelledWaiting = 0;

  function slotFor(signal: AbortSignal): () => void {
    held += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      signal.removeEventListener('abort', release);
      held -= 1;
      grantNext();
    };
    signal.addEventListener('abort', release, { once: true });
    return release;
  }

  function grantNext(): void {
    while (held < max && head < queue.length) {
      const waiter = queue[head] as Waiter;
      head += 1;
      if (waiter.cancelled) {
        cancelledWaiting -= 1;
        continue;
      }
      waiter.grant();
    }
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
  }

  return {
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(undefined);
      if (held < max && head === queue.length) return Promise.resolve(slotFor(signal));
      return new Promise((resolve) => {
        const onAbort = () => {
          waiter.cancelled = true;
          cancelledWaiting += 1;
          resolve(undefined);
        };
        const waiter: Waiter = {
          cancelled: false,
          grant: () => {
            signal.removeEventListener('abort', onAbort);
            resolve(slotFor(signal));
          },
        };
        signal.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
    inFlight: () => held,
    waiting: () => queue.length - head - cancelledWaiting,
  };
}
