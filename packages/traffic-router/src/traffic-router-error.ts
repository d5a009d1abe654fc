import { CockpitError, type TrafficRouter } from '@lukhas/core';

/** Stable codes of every traffic-router error; the engine acts on any of them the same way (`router_failed`). */
export type TrafficRouterErrorCode =
  /** A variable or option cannot be used; the message names it. The server refuses to start. */
  | 'INVALID_TRAFFIC_ROUTER_SETTINGS'
  /** A weight is not a whole number in 0..100, or a name cannot be sent to the router as it is. */
  | 'INVALID_TRAFFIC_SPLIT'
  /** The router could not be reached or did not answer in time (after the retries). */
  | 'ROUTER_UNREACHABLE'
  /** The router answered with an error (HAProxy's message, or the webhook's failure class). */
  | 'ROUTER_REFUSED'
  /** The router took the weights, but reading them back showed others. */
  | 'ROUTER_NOT_APPLIED'
  /** The call's signal aborted, or the router was closed. */
  | 'ROUTER_ABORTED';

/** Base error of the traffic routers: a stable `code`, which router, and how many calls it made. */
export class TrafficRouterError extends CockpitError<TrafficRouterErrorCode> {
  override readonly name: string = 'TrafficRouterError';
  /** The router that failed; undefined for settings read before one exists. */
  readonly router: TrafficRouter['kind'] | undefined;
  /** Calls made to the router, retries included. */
  readonly attempts: number;

  constructor(
    code: TrafficRouterErrorCode,
    message: string,
    options: { router?: TrafficRouter['kind']; attempts?: number; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.router = options.router;
    this.attempts = options.attempts ?? 0;
  }
}

/** True when `error` is a {@link TrafficRouterError}, optionally with the given code. */
export function isTrafficRouterError(
  error: unknown,
  code?: TrafficRouterErrorCode,
): error is TrafficRouterError {
  return error instanceof TrafficRouterError && (code === undefined || error.code === code);
}
