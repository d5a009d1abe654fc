/**
 * What the cockpit says about itself: its build, whether it can take traffic (the verdict of
 * `/health`), and its evidence exports.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** Outcome of one evidence export. */
export type EvidenceExportOutcome = 'ok' | 'error';

/** Options of {@link serviceMetrics}. */
export interface ServiceMetricsOptions {
  readonly registry: Registry;
  readonly version: string;
  /** The `/health` verdict: true when the cockpit can take traffic (a 200), false for a 503. */
  readonly canTakeTraffic: () => Promise<boolean>;
}

/** The one counter the service metrics are fed through. */
export interface ServiceMetrics {
  /** Counts one evidence export (`cockpit_evidence_exports_total`). */
  recordEvidenceExport(outcome: EvidenceExportOutcome): void;
}

/**
 * Declares `cockpit_build_info`, `cockpit_health_status` and `cockpit_evidence_exports_total` (both
 * outcomes at 0 from the start, so the failure alert has a series before the first export).
 *
 * @example
 * const service = serviceMetrics({ registry, version: '0.1.0', canTakeTraffic: async () => true });
 * service.recordEvidenceExport('ok');
 */
export function serviceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  const registers = [options.registry];
  const buildInfo = new Gauge({
    name: 'cockpit_build_info',
    help: 'Build information of the cockpit (always 1).',
    labelNames: ['version'] as const,
    registers,
  });
  buildInfo.set({ version: options.version }, 1);
  new Gauge({
    name: 'cockpit_health_status',
    help: '1 when /health says the cockpit can take traffic, 0 when not.',
    registers,
    async collect() {
      let ready = false;
      try {
        ready = await options.canTakeTraffic();
      } catch {
        // A health check that cannot even answer is a cockpit that should not take traffic.
      }
      this.set(ready ? 1 : 0);
    },
  });
  const exports = new Counter({
    name: 'cockpit_evidence_exports_total',
    help: 'Evidence exports by outcome (ok, error).',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of ['ok', 'error'] as const) exports.inc({ outcome }, 0);
  return { recordEvidenceExport: (outcome) => exports.inc({ outcome }) };
}
