/**
 * Test support, not for production use (`@lukhas/slo-prom/testing`): a real Prometheus scraping a
 * controllable exporter of the seeds' metrics, so other packages' integration tests can run the
 * Prometheus adapter against the real thing without reaching into this package's files.
 */
import {
  type Exporter,
  type GateTraffic,
  type PrometheusServer,
  startExporter,
  startPrometheus,
} from './prometheus-harness.ts';

export {
  cumulativeShares,
  type Exporter,
  expectedHistogramQuantile,
  type GateTraffic,
  historyOpenMetrics,
  LATENCY_BUCKETS_MS,
  type PrometheusServer,
  type StartPrometheusOptions,
  startExporter,
  startPrometheus,
} from './prometheus-harness.ts';

/** A running Prometheus and the exporter it scrapes every second, on loopback. */
export interface PrometheusHarness {
  /** `http://127.0.0.1:<port>`: what `createPrometheusMonitor({ url })` or `PROM_URL` takes. */
  readonly url: string;
  readonly exporter: Exporter;
  readonly prometheus: PrometheusServer;
  /** Changes a gate's traffic from now on; rates over a window mix the old and the new until it passes. */
  setTraffic(gate: string, traffic: GateTraffic): void;
  /** Stops the Prometheus process (idempotent): queries are refused from then on (`ECONNREFUSED`). */
  stopPrometheus(): Promise<void>;
  /** Stops everything and removes Prometheus' directory; call it in `afterAll`/`finally`. */
  stop(): Promise<void>;
}

/** Options of {@link startPrometheusHarness}. */
export interface PrometheusHarnessOptions {
  /** The exported gates and their traffic; a gate must be listed here to be changed later. */
  readonly gates: Readonly<Record<string, GateTraffic>>;
  /** How long Prometheus may take to be ready; default 20 s. */
  readonly readyTimeoutMs?: number;
}

/**
 * Starts the exporter, then Prometheus scraping it. Fails (never skips) with the install command
 * when the `prometheus` binary is missing. Remember that `rate()` needs two scrapes inside the
 * queried window: wait until a first sample reads values before relying on them.
 *
 * @example
 * const harness = await startPrometheusHarness({ gates: { production: healthyTraffic } });
 * const monitor = createPrometheusMonitor({ url: harness.url, timeoutMs: 1500 });
 * // … later, an outage: await harness.stopPrometheus();
 * await harness.stop();
 */
export async function startPrometheusHarness(options: PrometheusHarnessOptions): Promise<PrometheusHarness> {
  const exporter = await startExporter(options.gates);
  let prometheus: PrometheusServer;
  try {
    prometheus = await startPrometheus({
      scrapeTargets: [exporter.target],
      ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
    });
  } catch (error) {
    await exporter.close();
    throw error;
  }
  return {
    url: prometheus.url,
    exporter,
    prometheus,
    setTraffic: (gate, traffic) => exporter.setTraffic(gate, traffic),
    stopPrometheus: () => prometheus.stopProcess(),
    async stop() {
      try {
        await prometheus.stop();
      } finally {
        await exporter.close();
      }
    },
  };
}
