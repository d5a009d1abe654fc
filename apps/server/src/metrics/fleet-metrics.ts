/**
 * What this replica holds of the fleet's work: the canaries it owns (runs under a lease) and how
 * many it took over from replicas that were gone, read from the canary engine at scrape time.
 * Summed over replicas, `cockpit_canaries_owned` equals the running canaries once failovers settle.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the engine tells: the canaries it runs, and its takeovers so far (only grows). */
export interface FleetMetricsSource {
  activeCount(): number;
  takeovers(): number;
}

/**
 * Declares `cockpit_canaries_owned` and `cockpit_lease_takeovers_total` over `canaries`.
 *
 * @example
 * fleetMetrics({ registry, canaries: cockpit.canaries });
 */
export function fleetMetrics(options: {
  readonly registry: Registry;
  readonly canaries: FleetMetricsSource;
}): void {
  const { canaries } = options;
  const registers = [options.registry];
  new Gauge({
    name: 'cockpit_canaries_owned',
    help: 'Canaries this replica runs (holds the lease of).',
    registers,
    collect() {
      this.set(canaries.activeCount());
    },
  });
  let counted = 0;
  new Counter({
    name: 'cockpit_lease_takeovers_total',
    help: 'Canaries this replica took over from replicas that were gone (their lease expired).',
    registers,
    collect() {
      const takeovers = canaries.takeovers();
      if (takeovers > counted) this.inc(takeovers - counted);
      counted = Math.max(counted, takeovers);
    },
  });
}
