/**
 * The Prometheus adapter against a real Prometheus (the Debian `prometheus` package): the seeds'
 * default queries over scraped histograms and counters, failure answers, range queries over live
 * and backfilled data, and an outage. Needs /usr/bin/prometheus and /usr/bin/promtool; fails,
 * never skips, without them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createPrometheusMonitor,
  createSloMonitor,
  type PrometheusMonitor,
  parsePrometheusSettings,
} from '../src/index.ts';
import {
  type Exporter,
  expectedHistogramQuantile,
  type GateTraffic,
  historyOpenMetrics,
  type PrometheusServer,
  startExporter,
  startPrometheus,
} from './prometheus-harness.ts';

const healthy: GateTraffic = {
  requestsPerSecond: 50,
  errorRatio: 0.01,
  latencyShares: { 50: 0.3, 100: 0.4, 250: 0.22, 500: 0.05, 1000: 0.02, 2500: 0.01 },
};
const degraded: GateTraffic = {
  requestsPerSecond: 20,
  errorRatio: 0.2,
  latencyShares: { 250: 0.05, 500: 0.15, 1000: 0.3, 2500: 0.48, [Number.POSITIVE_INFINITY]: 0.02 },
};
const idle: GateTraffic = { requestsPerSecond: 0, errorRatio: 0, latencyShares: { 100: 1 } };

/** Backfilled history of gate `replay`: 30 minutes ending 10 minutes ago, errors jump after 15 minutes. */
const historyStart = Math.floor(Date.now() / 60_000) * 60 - 40 * 60;
const errorJumpAt = historyStart + 15 * 60;
const replayTraffic: GateTraffic = { ...healthy, requestsPerSecond: 10 };

const query = { modelId: 'lukhas-v2', windowSeconds: 30, metrics: ['latency_p95_ms', 'error_rate'] } as const;

describe('Prometheus adapter against a real Prometheus', () => {
  let exporter: Exporter | undefined;
  let prometheus: PrometheusServer | undefined;
  let monitor: PrometheusMonitor;
  let scrapedSince = 0;
  let setupError: unknown;

  // A failed setup (no binary, Prometheus not ready) fails every test with its message, rather than
  // leaving them reported as skipped.
  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  }, 45_000);
  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });

  async function setUp(): Promise<void> {
    exporter = await startExporter({ stage: healthy, production: degraded, idle });
    prometheus = await startPrometheus({
      scrapeTargets: [exporter.target],
      history: historyOpenMetrics({
        gate: 'replay',
        start: historyStart,
        points: 30 * 4 + 1,
        stepSeconds: 15,
        traffic: replayTraffic,
        errorRatioAt: (at) => (at <= errorJumpAt ? 0.01 : 0.2),
      }),
    });
    scrapedSince = Date.now();
    // Built from the environment, as the server does: PROM_URL alone selects the seeds' default queries.
    const fromEnv = createSloMonitor({
      prometheus: parsePrometheusSettings({ PROM_URL: prometheus.url, PROM_TIMEOUT_MS: '3000' }),
    });
    if (fromEnv.mode !== 'prometheus') throw new Error('PROM_URL did not select the Prometheus adapter');
    monitor = fromEnv;

    // rate() needs two scrapes inside the window; wait until the healthy gate reads fully.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const reading = await monitor.sample({ ...query, gate: 'stage' });
      if (reading.values.latency_p95_ms !== null && reading.values.error_rate !== null) break;
      if (Date.now() > deadline) {
        throw new Error(`no data after 20 s: ${JSON.stringify(reading.reasons)}\n${prometheus.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.close();
  });

  it('reads the p95 from the bucket math and the error ratio of a healthy gate', async () => {
    const reading = await monitor.sample({ ...query, gate: 'stage' });

    // 92% of requests are under 250 ms and 97% under 500 ms: p95 interpolates to 250 + 250 × 3/5.
    expect(expectedHistogramQuantile(0.95, healthy)).toBeCloseTo(400, 9);
    expect(reading.values.latency_p95_ms).toBeCloseTo(400, 6);
    expect(reading.values.error_rate).toBeCloseTo(0.01, 9);
    expect(reading.reasons).toEqual({});
  });

  it('reads a slow, failing gate accordingly', async () => {
    const reading = await monitor.sample({ ...query, gate: 'production' });

    expect(reading.values.latency_p95_ms).toBeCloseTo(expectedHistogramQuantile(0.95, degraded), 6);
    expect(reading.values.latency_p95_ms).toBeCloseTo(2406.25, 6);
    expect(reading.values.error_rate).toBeCloseTo(0.2, 9);
  });

  it('reads an idle gate’s p95 as NaN and an unknown gate as no data', async () => {
    const idleReading = await monitor.sample({ ...query, gate: 'idle' });
    expect(idleReading.values).toEqual({ latency_p95_ms: null, error_rate: 0, drift: null });
    expect(idleReading.reasons).toEqual({
      latency_p95_ms: 'prometheus returned NaN (no traffic in the window?)',
    });

    const unknown = await monitor.sample({ ...query, gate: 'nowhere', metrics: [...query.metrics, 'drift'] });
    expect(unknown.reasons).toEqual({
      latency_p95_ms: 'no data',
      error_rate: 'no data',
      drift: 'no drift query configured (PROM_QUERY_DRIFT)',
    });
  });

  it('reports several series, Prometheus’ own errors, and accepts a scalar', async () => {
    if (prometheus === undefined) throw new Error('no prometheus');
    const custom = createPrometheusMonitor({
      url: prometheus.url,
      queries: {
        latency: 'sum by (gate) (rate(model_requests_total[$__window]))',
        errorRate: 'sum(rate(model_errors_total{gate="$__gate"}[$__window])',
        drift: 'scalar(sum(model_requests_total{gate="$__gate"}) > bool 0) * 0.05',
      },
    });
    const reading = await custom.sample({
      ...query,
      gate: 'stage',
      metrics: ['latency_p95_ms', 'error_rate', 'drift'],
    });

    expect(reading.values.drift).toBeCloseTo(0.05, 12);
    expect(reading.reasons.latency_p95_ms).toBe('3 series where 1 was expected');
    expect(reading.reasons.error_rate).toMatch(/^prometheus answered HTTP 400 \(bad_data\): .*parse error/);
    expect(custom.stats().fallbacks).toMatchObject({ multi_series: 1, prometheus_error: 1 });
  });

  it('returns a series for a range query over the scraped period', { timeout: 15_000 }, async () => {
    // Let a few more scrapes land so the range holds several evaluable steps.
    while ((exporter?.scrapes() ?? 0) < 6 || Date.now() - scrapedSince < 6_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const start = Math.floor(scrapedSince / 1000) * 1000;
    const end = Math.floor(Date.now() / 1000) * 1000;
    const points = await monitor.queryRange({
      metric: 'error_rate',
      modelId: 'lukhas-v2',
      gate: 'stage',
      windowSeconds: 5,
      start,
      end,
      stepSeconds: 1,
    });

    expect(points.map((point) => point.at)).toEqual(
      Array.from({ length: (end - start) / 1000 + 1 }, (_unused, index) => start + index * 1000),
    );
    const values = points.flatMap((point) => (point.value === null ? [] : [point.value]));
    expect(values.length).toBeGreaterThanOrEqual(3);
    for (const value of values) expect(value).toBeCloseTo(0.01, 9);
  });

  it('replays backfilled history deterministically', async () => {
    const range = {
      modelId: 'lukhas-v2',
      gate: 'replay',
      windowSeconds: 60,
      start: (historyStart + 5 * 60) * 1000,
      end: (historyStart + 25 * 60) * 1000,
      stepSeconds: 60,
    };
    const errorRates = await monitor.queryRange({ ...range, metric: 'error_rate' });
    const latencies = await monitor.queryRange({ ...range, metric: 'latency_p95_ms' });

    expect(errorRates).toHaveLength(21);
    for (const point of errorRates) {
      expect(point.value).toBeCloseTo(point.at <= errorJumpAt * 1000 ? 0.01 : 0.2, 9);
    }
    for (const point of latencies) expect(point.value).toBeCloseTo(400, 6);
  });

  it('reads nulls with an unreachable reason once Prometheus is gone, and counts them', async () => {
    if (prometheus === undefined) throw new Error('no prometheus');
    await prometheus.stopProcess();
    const before = monitor.stats();

    const reading = await monitor.sample({ ...query, gate: 'stage' });

    expect(reading).toEqual({
      values: { latency_p95_ms: null, error_rate: null, drift: null },
      reasons: {
        latency_p95_ms: 'prometheus unreachable: ECONNREFUSED',
        error_rate: 'prometheus unreachable: ECONNREFUSED',
      },
    });
    const after = monitor.stats();
    expect(after.fallbacks.unreachable - before.fallbacks.unreachable).toBe(2);
    expect(after.fallbackSince).not.toBeNull();
    await expect(
      monitor.queryRange({
        ...query,
        metric: 'error_rate',
        gate: 'stage',
        start: 0,
        end: 60_000,
        stepSeconds: 30,
      }),
    ).rejects.toMatchObject({ code: 'PROM_QUERY_FAILED', kind: 'unreachable' });
  });
});
