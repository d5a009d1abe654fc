/**
 * Tells a listener how each call to a router went (`probe`, `check`, `set_weight`; ok or which
 * failure), so the server can count router calls in /metrics without the routers knowing it. The
 * outcomes are a closed list, so every label value can be exported before the first call.
 */
import type { TrafficRouter } from '@lukhas/core';
import type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
import { isTrafficRouterError, type TrafficRouterErrorCode } from './traffic-router-error.ts';

/** The calls a router takes, as counted. */
export const TRAFFIC_ROUTER_CALLS = ['probe', 'check', 'set_weight'] as const;

/** How a call ended: `ok`, or the class of its failure (`error`: not a router error at all). */
export const TRAFFIC_ROUTER_CALL_OUTCOMES = [
  'ok',
  'invalid',
  'unreachable',
  'refused',
  'not_applied',
  'aborted',
  'error',
] as const;

/** Every router kind, as counted. */
export const TRAFFIC_ROUTER_KINDS: readonly TrafficRouter['kind'][] = ['none', 'webhook', 'haproxy'];

/** One finished call. */
export interface TrafficRouterCallOutcome {
  readonly router: TrafficRouter['kind'];
  readonly call: (typeof TRAFFIC_ROUTER_CALLS)[number];
  readonly outcome: (typeof TRAFFIC_ROUTER_CALL_OUTCOMES)[number];
}

const OUTCOME_OF_CODE: Readonly<Record<TrafficRouterErrorCode, TrafficRouterCallOutcome['outcome']>> = {
  INVALID_TRAFFIC_ROUTER_SETTINGS: 'invalid',
  INVALID_TRAFFIC_SPLIT: 'invalid',
  ROUTER_UNREACHABLE: 'unreachable',
  ROUTER_REFUSED: 'refused',
  ROUTER_NOT_APPLIED: 'not_applied',
  ROUTER_ABORTED: 'aborted',
};

/**
 * `router` with `onCall` told after each call settles (the result or the error passes through
 * unchanged). An exception in `onCall` is ignored: counting never fails a step.
 *
 * @example
 * const router = observeTrafficRouter(createHaproxyRouter(options), ({ call, outcome }) =>
 *   routerCalls.inc({ router: 'haproxy', call, outcome }),
 * );
 */
export function observeTrafficRouter(
  router: TrafficRouterAdapter,
  onCall: (outcome: TrafficRouterCallOutcome) => void,
): TrafficRouterAdapter {
  async function observed<Value>(
    call: TrafficRouterCallOutcome['call'],
    run: () => Promise<Value>,
  ): Promise<Value> {
    try {
      const value = await run();
      tell(call, 'ok');
      return value;
    } catch (error) {
      tell(call, isTrafficRouterError(error) ? OUTCOME_OF_CODE[error.code] : 'error');
      throw error;
    }
  }

  function tell(call: TrafficRouterCallOutcome['call'], outcome: TrafficRouterCallOutcome['outcome']): void {
    try {
      onCall({ router: router.kind, call, outcome });
    } catch {
      // A metrics hook must not turn a router call into a failure.
    }
  }

  return {
    kind: router.kind,
    probe: (signal) => observed('probe', () => router.probe(signal)),
    check: (split, signal) => observed('check', () => router.check(split, signal)),
    setWeight: (split, weight, options) =>
      observed('set_weight', () => router.setWeight(split, weight, options)),
    close: () => router.close(),
  };
}
