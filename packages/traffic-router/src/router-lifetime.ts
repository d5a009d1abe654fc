/**
 * What a router's `close()` ends: the calls in flight, and every later one. Each call runs with a
 * signal of its own that aborts when the caller's signal does or the router closes.
 *
 * Nothing is added per call to a signal that outlives the call: the router's own lifetime keeps
 * its calls in a set (close aborts each), and a caller's signal gets one listener however many
 * calls it covers, removed with its last call. (Listening per call on one shared signal, as this
 * once did, grew without bound with concurrent canaries: Node's MaxListenersExceededWarning.)
 */
import type { TrafficRouter } from '@lukhas/core';
import { TrafficRouterError } from './traffic-router-error.ts';

/** The lifetime of one router's calls. */
export interface RouterLifetime {
  /**
   * Runs `call` with its own signal, aborted when `signal` aborts or the router closes; every
   * listener this added is gone once `call` settles. Rejects `ROUTER_ABORTED` at once when either
   * has already happened.
   */
  run<T>(signal: AbortSignal | undefined, call: (callSignal: AbortSignal) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// The calls one caller's signal covers, and the one listener that aborts them.
interface Linked {
  readonly calls: Set<AbortController>;
  readonly onAbort: () => void;
}

/**
 * The lifetime of one router of kind `router`.
 *
 * @example
 * const lifetime = createRouterLifetime('haproxy');
 * await lifetime.run(options.signal, (signal) => runtime.command('show info', signal));
 */
export function createRouterLifetime(router: TrafficRouter['kind']): RouterLifetime {
  const inFlight = new Set<AbortController>();
  const linked = new Map<AbortSignal, Linked>();
  let closedWith: Error | undefined;

  const abortedError = (why: string, cause: unknown) =>
    new TrafficRouterError('ROUTER_ABORTED', `${router} router: ${why}`, { router, cause });

  // Ties `call` to the caller's `signal`; returns what unties it.
  function link(signal: AbortSignal, call: AbortController): () => void {
    let entry = linked.get(signal);
    if (entry === undefined) {
      const calls = new Set<AbortController>();
      const onAbort = () => {
        for (const each of calls) each.abort(signal.reason);
      };
      entry = { calls, onAbort };
      linked.set(signal, entry);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const { calls, onAbort } = entry;
    calls.add(call);
    return () => {
      calls.delete(call);
      if (calls.size > 0) return;
      signal.removeEventListener('abort', onAbort);
      linked.delete(signal);
    };
  }

  return {
    async run(signal, call) {
      if (closedWith !== undefined) throw abortedError('the router is closed', closedWith);
      if (signal?.aborted) throw abortedError('the call was aborted', signal.reason);
      const controller = new AbortController();
      inFlight.add(controller);
      const unlink = signal === undefined ? () => {} : link(signal, controller);
      try {
        return await call(controller.signal);
      } finally {
        inFlight.delete(controller);
        unlink();
      }
    },
    async close() {
      closedWith ??= new Error(`${router} router closed`);
      for (const controller of inFlight) controller.abort(closedWith);
    },
  };
}
