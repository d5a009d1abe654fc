/**
 * `cockpit_traffic_router_calls_total{router,call,outcome}`: every call the cockpit made to its
 * traffic router (the start-up probe, a canary's route check, each weight it set) and how it
 * ended. Every router, call and outcome is exported at 0 from the start.
 */
import {
  TRAFFIC_ROUTER_CALL_OUTCOMES,
  TRAFFIC_ROUTER_CALLS,
  TRAFFIC_ROUTER_KINDS,
  type TrafficRouterCallOutcome,
} from '@lukhas/traffic-router';
import { Counter, type Registry } from 'prom-client';

/** What feeds the counter: the cockpit's `onRouterCall`. */
export interface TrafficRouterMetricsOptions {
  readonly registry: Registry;
  /** Subscribes to the router's calls; returns the unsubscribe function. */
  readonly onRouterCall: (listener: (call: TrafficRouterCallOutcome) => void) => () => void;
}

/**
 * Declares the counter and starts listening; returns the unsubscribe function.
 *
 * @example
 * const stop = trafficRouterMetrics({ registry, onRouterCall: cockpit.onRouterCall });
 */
export function trafficRouterMetrics(options: TrafficRouterMetricsOptions): () => void {
  const calls = new Counter({
    name: 'cockpit_traffic_router_calls_total',
    help: 'Traffic router calls (probe, check, set_weight) by router and outcome (ok, or the failure class).',
    labelNames: ['router', 'call', 'outcome'] as const,
    registers: [options.registry],
  });
  for (const router of TRAFFIC_ROUTER_KINDS) {
    for (const call of TRAFFIC_ROUTER_CALLS) {
      for (const outcome of TRAFFIC_ROUTER_CALL_OUTCOMES) calls.inc({ router, call, outcome }, 0);
    }
  }
  return options.onRouterCall(({ router, call, outcome }) => calls.inc({ router, call, outcome }));
}
