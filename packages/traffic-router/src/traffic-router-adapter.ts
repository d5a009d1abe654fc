import type { TrafficRouter } from '@lukhas/core';

/** Core's `TrafficRouter` port as every adapter here implements it: with a start-up probe and `close()`. */
export interface TrafficRouterAdapter extends TrafficRouter {
  /**
   * Checks at start-up that the router can be driven at all, so the server refuses to start with an
   * error naming the variable: HAProxy's runtime API answers `show info` at `LUKHAS_HAPROXY_SOCKET`
   * with level admin. None and the webhook resolve at once (a webhook is not called before it is needed).
   */
  probe(signal?: AbortSignal): Promise<void>;
  /** Cuts short the calls in flight (they reject `ROUTER_ABORTED`); later calls reject too. */
  close(): Promise<void>;
}
