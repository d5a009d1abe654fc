import type { TrafficRouter } from '@lukhas/core';
import { TrafficRouterError } from './traffic-router-error.ts';

/** What a router's `close()` ends: the calls in flight, and every later one. */
export interface RouterLifetime {
  /**
   * The signal of one call: it aborts when the call's own `signal` does or the router closes.
   * Throws `ROUTER_ABORTED` when either has already happened.
   */
  signalFor(signal: AbortSignal | undefined): AbortSignal;
  close(): Promise<void>;
}

/** The lifetime of one router of kind `router`. */
export function createRouterLifetime(router: TrafficRouter['kind']): RouterLifetime {
  const controller = new AbortController();
  return {
    signalFor(signal) {
      const combined =
        signal === undefined ? controller.signal : AbortSignal.any([controller.signal, signal]);
      if (combined.aborted) {
        const why = controller.signal.aborted ? 'the router is closed' : 'the call was aborted';
        throw new TrafficRouterError('ROUTER_ABORTED', `${router} router: ${why}`, {
          router,
          cause: combined.reason,
        });
      }
      return combined;
    },
    async close() {
      controller.abort(new Error(`${router} router closed`));
    },
  };
}
