import type { TrafficRouter } from '@lukhas/core';
import { TrafficRouterError } from './traffic-router-error.ts';

/**
 * Throws `INVALID_TRAFFIC_SPLIT` unless `weight` is a whole number in 0..100: the percentage of the
 * traffic `toGate` gets, the rest going to `fromGate`.
 */
export function checkTrafficWeight(weight: number, router: TrafficRouter['kind']): void {
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
    throw new TrafficRouterError(
      'INVALID_TRAFFIC_SPLIT',
      `a traffic weight must be a whole number from 0 to 100, got ${weight}`,
      { router },
    );
  }
}
