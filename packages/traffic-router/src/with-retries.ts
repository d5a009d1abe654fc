import { sleep, type Timers, type TrafficRouter } from '@lukhas/core';
import { isTrafficRouterError, TrafficRouterError } from './traffic-router-error.ts';

/** How often, and how far apart, a router call is tried. */
export interface RetryOptions {
  readonly router: TrafficRouter['kind'];
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Wait before retry n: `backoffMs * 2^(n-1)`. */
  readonly backoffMs: number;
  readonly timers: Timers;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` until it resolves, retrying only a router that could not be reached
 * (`ROUTER_UNREACHABLE`): an answer from the router (an error, a mismatch) is final. The error
 * that ends it carries the number of attempts made.
 *
 * @example const { value, attempts } = await withRetries(() => runtime.command('show info'), retry);
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
): Promise<{ value: T; attempts: number }> {
  const total = 1 + Math.max(0, options.retries);
  for (let attempts = 1; ; attempts += 1) {
    try {
      return { value: await attempt(), attempts };
    } catch (caught) {
      const retryable = isTrafficRouterError(caught, 'ROUTER_UNREACHABLE') && attempts < total;
      if (!retryable) throw withAttempts(caught, attempts, options.router);
    }
    if (!(await sleep(options.timers, options.backoffMs * 2 ** (attempts - 1), options.signal))) {
      throw withAttempts(
        new TrafficRouterError('ROUTER_ABORTED', `${options.router} router call aborted`, {
          cause: options.signal?.reason,
        }),
        attempts,
        options.router,
      );
    }
  }
}

function withAttempts(caught: unknown, attempts: number, router: TrafficRouter['kind']): unknown {
  if (!isTrafficRouterError(caught)) return caught;
  const message = attempts > 1 ? `${caught.message} (after ${attempts} attempts)` : caught.message;
  return new TrafficRouterError(caught.code, message, { router, attempts, cause: caught.cause });
}
