/**
 * Canaries judged by a real Prometheus (the Debian `prometheus` package) through the adapter's
 * default queries, in real time: healthy metrics promote; latency or errors above target roll back
 * at the first breaching sample; Prometheus stopped mid-canary never promotes; judged against a
 * baseline gate, a canary clearly slower than its baseline rolls back (baseline_regression), one
 * equal to it promotes, and an error budget burning too fast rolls back. Each test checks the
 * stored samples and the stored decision math. Fails, never skips, without the binary.
 */
import {
  type CanaryRecord,
  decideCanary,
  type SloMetric,
  type SloMonitor,
  type SloQuery,
  type StoredSample,
} from '@lukhas/core';
import { createPrometheusMonitor, type PrometheusMonitor } from '@lukhas/slo-prom';
import {
  expectedHistogramQuantile,
  type GateTraffic,
  type PrometheusHarness,
  startPrometheusHarness,
} from '@lukhas/slo-prom/testing';
import { waitFor } from '@lukhas/test-kit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canaryRequest, eventsOf, type Harness, harness } from './engine-harness.ts';

/** p95 400 ms (92% under 250 ms, 97% under 500 ms), 1% errors. */
const healthy: GateTraffic = {
  requestsPerSecond: 50,
  errorRatio: 0.01,
  latencyShares: { 50: 0.3, 100: 0.4, 250: 0.22, 500: 0.05, 1000: 0.02, 2500: 0.01 },
};
/** p95 ≈ 2406 ms, errors still 1%. */
const slow: GateTraffic = {
  ...healthy,
  latencyShares: { 250: 0.05, 500: 0.15, 1000: 0.3, 2500: 0.48, [Number.POSITIVE_INFINITY]: 0.02 },
};
/** Healthy latency, 20% errors. */
const failing: GateTraffic = { ...healthy, errorRatio: 0.2 };

const targets = { latency_p95_ms: 800, max_error_rate: 0.05 };
/**
 * Three samples, at 2, 4 and 6 s. The window is also the queries' `$__window` (`6s`): at one scrape
 * a second it always holds the two scrapes rate() needs.
 */
const policy = { windowSeconds: 6, intervalSeconds: 2, minSamples: 2, failureLimit: 0, targets };

// Local queries answer in milliseconds; these bounds only matter on a machine stalled for seconds.
// A sample may wait for Prometheus to exit (SIGKILL after 5 s at worst), hence the engine's longer
// deadline; the adapter's own, shorter one still bounds every query.
const QUERY_TIMEOUT_MS = 2_000;
const SAMPLE_TIMEOUT_MS = 8_000;
const SETUP_TIMEOUT_MS = 45_000;
const CANARY_TIMEOUT_MS = 30_000;

/** The adapter with the seeds' default queries, as `PROM_URL` alone gives it. */
function prometheusMonitor(prometheus: PrometheusHarness): PrometheusMonitor {
  return createPrometheusMonitor({ url: prometheus.url, timeoutMs: QUERY_TIMEOUT_MS });
}

/** Waits until every gate reads both values over the canaries' window (two scrapes inside it). */
async function waitForData(monitor: SloMonitor, prometheus: PrometheusHarness, gates: readonly string[]) {
  const deadline = Date.now() + 20_000;
  for (const gate of gates) {
    let reasons = {};
    await waitFor(
      async () => {
        const reading = await monitor.sample({
          modelId: 'warm-up',
          gate,
          windowSeconds: policy.windowSeconds,
          metrics: ['latency_p95_ms', 'error_rate'],
        });
        reasons = reading.reasons;
        return reading.values.latency_p95_ms !== null && reading.values.error_rate !== null;
      },
      {
        timeoutMs: Math.max(0, deadline - Date.now()),
        intervalMs: 250,
        message: () => `data of gate ${gate}: ${JSON.stringify(reasons)}\n${prometheus.prometheus.log()}`,
      },
    );
  }
}

/** Starts a canary to `toGate` and waits for its decision; returns it with its stored samples. */
async function runCanary(
  cockpit: Harness,
  modelId: string,
  toGate: string,
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<{ record: CanaryRecord; samples: StoredSample[] }> {
  const started = await cockpit.engine.start(
    canaryRequest({ modelId, fromGate: 'stage', toGate, ...policy, ...overrides }),
    'alice',
  );
  const record = await cockpit.engine.whenDecided(started.canaryId);
  const samples = await cockpit.store.samplesOf(started.canaryId);
  expect(cockpit.errors).toEqual([]);
  return { record, samples };
}

/** The stored math is what the rule gives for the stored samples at the decision's time. */
function expectMathOfStoredSamples(record: CanaryRecord, samples: readonly StoredSample[]): void {
  if (record.decidedAt === null) throw new Error(`canary ${record.canaryId} is not decided`);
  const again = decideCanary({
    policy: record.policy,
    startedAt: Date.parse(record.startedAt),
    now: Date.parse(record.decidedAt),
    samples,
  });
  expect(record.math).toEqual(again.math);
  expect(record.math?.samples.map((sample) => sample.seq)).toEqual(samples.map((sample) => sample.seq));
}

/** A real sample: both values read from Prometheus, close to what the gate's traffic gives. */
function expectRealSample(sample: StoredSample | undefined, traffic: GateTraffic): void {
  expect(sample?.fallback).toBe(false);
  expect(sample?.fallbackReasons).toEqual({});
  expect(sample?.observed.latency_p95_ms).toBeCloseTo(expectedHistogramQuantile(0.95, traffic), 3);
  expect(sample?.observed.error_rate).toBeCloseTo(traffic.errorRatio, 6);
  expect(sample?.values.latency_p95_ms).toBe(sample?.observed.latency_p95_ms);
  expect(sample?.values.error_rate).toBe(sample?.observed.error_rate);
}

/** A sample taken while Prometheus was down: conservative values, breaching both targets. */
function expectUnreachableSample(sample: StoredSample | undefined): void {
  expect(sample?.fallback).toBe(true);
  expect(sample?.observed).toEqual({ latency_p95_ms: null, error_rate: null, drift: null });
  expect(sample?.values).toEqual({ latency_p95_ms: 9999, error_rate: 1, drift: null });
  expect(sample?.fallbackReasons.latency_p95_ms).toMatch(/^prometheus unreachable: /);
  expect(sample?.fallbackReasons.error_rate).toMatch(/^prometheus unreachable: /);
  expect(sample?.breaches).toEqual([
    { metric: 'latency_p95_ms', value: 9999, target: 800 },
    { metric: 'error_rate', value: 1, target: 0.05 },
  ]);
  expect(sample?.breached).toBe(true);
}

function eventTypes(cockpit: Harness, canaryId: string): string[] {
  return eventsOf(cockpit.events, canaryId).map((event) => event.type);
}

/**
 * One Prometheus serving `gates` and one engine harness judging by it, shared by the tests of the
 * enclosing describe; returns the harness (throws when there is none). A failed setup (no binary,
 * Prometheus not ready) fails every test with its message, rather than leaving them reported as
 * skipped.
 */
function sharedPrometheusCockpit(gates: Readonly<Record<string, GateTraffic>>): () => Harness {
  let prometheus: PrometheusHarness | undefined;
  let cockpit: Harness | undefined;
  let setupError: unknown;

  beforeAll(async () => {
    try {
      prometheus = await startPrometheusHarness({ gates });
      const monitor = prometheusMonitor(prometheus);
      await waitForData(monitor, prometheus, Object.keys(gates));
      cockpit = await harness({ monitor, sampleTimeoutMs: SAMPLE_TIMEOUT_MS });
    } catch (error) {
      setupError = error;
    }
  }, SETUP_TIMEOUT_MS);
  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });
  afterAll(async () => {
    try {
      await cockpit?.close();
    } finally {
      await prometheus?.stop();
    }
  });

  return () => {
    if (cockpit === undefined) throw new Error('no cockpit');
    return cockpit;
  };
}

describe('canaries judged by a real Prometheus', () => {
  const started = sharedPrometheusCockpit({ production: healthy, slow, failing });

  it('promotes on healthy metrics when the window elapses', { timeout: CANARY_TIMEOUT_MS }, async () => {
    const { record, samples } = await runCanary(started(), 'lukhas-healthy', 'production');

    expect(record.status).toBe('promoted');
    expect(record.decision).toMatchObject({ outcome: 'promote', rule: 'window_elapsed' });
    expect(samples.map((sample) => sample.seq)).toEqual([1, 2, 3]);
    for (const sample of samples) {
      expectRealSample(sample, healthy);
      expect(sample.gate).toBe('production');
      expect(sample.breaches).toEqual([]);
    }
    expect(record.math).toMatchObject({
      rule: 'window_elapsed',
      outcome: 'promote',
      decidingSample: null,
      breachToActionSeconds: null,
      window: { elapsed: true },
      counts: { samples: 3, real: 3, fallback: 0, breaches: 0 },
    });
    expect(record.math?.counts.real).toBeGreaterThanOrEqual(policy.minSamples);
    expectMathOfStoredSamples(record, samples);
    expect(eventTypes(started(), record.canaryId)).toEqual([
      'started',
      'metric',
      'metric',
      'metric',
      'promoted',
    ]);
    expect(await started().store.getModel('lukhas-healthy')).toMatchObject({ gate: 'production' });
  });

  /** Runs a canary to a gate that breaches one target and checks it stops at sample 1. */
  async function expectRollbackAtFirstSample(
    gate: string,
    traffic: GateTraffic,
    expected: { readonly metric: SloMetric; readonly target: number },
  ): Promise<void> {
    const { record, samples } = await runCanary(started(), `lukhas-${gate}`, gate);

    expect(record.status).toBe('rolled_back');
    expect(record.decision).toMatchObject({ outcome: 'rollback', rule: 'breach_limit' });
    expect(samples).toHaveLength(1);
    const [sample] = samples;
    expectRealSample(sample, traffic);
    expect(sample?.breached).toBe(true);
    // Only the breaching metric: the other one is read as healthy.
    expect(sample?.breaches).toEqual([
      { metric: expected.metric, value: sample?.observed[expected.metric], target: expected.target },
    ]);
    expect(sample?.breaches[0]?.value).toBeGreaterThan(expected.target);
    expect(record.math).toMatchObject({
      rule: 'breach_limit',
      outcome: 'rollback',
      decidingSample: 1,
      breachToActionSeconds: 0,
      window: { elapsed: false },
      counts: { samples: 1, real: 1, fallback: 0, breaches: 1 },
    });
    expect(record.math?.firstBreachAt).toBe(record.decidedAt);
    expectMathOfStoredSamples(record, samples);
    expect(eventTypes(started(), record.canaryId)).toEqual(['started', 'metric', 'rolled_back']);
    expect(await started().store.getModel(`lukhas-${gate}`)).toBeUndefined();
  }

  it('rolls back at the first sample when latency is above target (failureLimit 0)', {
    timeout: CANARY_TIMEOUT_MS,
  }, async () => {
    await expectRollbackAtFirstSample('slow', slow, { metric: 'latency_p95_ms', target: 800 });
  });

  it('rolls back at the first sample when the error rate is above target (failureLimit 0)', {
    timeout: CANARY_TIMEOUT_MS,
  }, async () => {
    await expectRollbackAtFirstSample('failing', failing, { metric: 'error_rate', target: 0.05 });
  });
});

/** p95 812.5 ms (90% under 500 ms, 98% under 1000 ms): twice the healthy gate's, under the 2 s target. */
const slower: GateTraffic = {
  ...healthy,
  latencyShares: { 50: 0.2, 100: 0.3, 250: 0.25, 500: 0.15, 1000: 0.08, 2500: 0.02 },
};
/** Healthy latency, 5% errors: an error budget of 1% (slo 0.99) burns 5 times too fast. */
const burning: GateTraffic = { ...healthy, errorRatio: 0.05 };

/**
 * Five samples, at 2, 4 … 10 s, each compared with the baseline gate `stage` (fromGate) at the window
 * end; the absolute targets are loose, so only the comparison can tell the gates apart.
 */
const judged = {
  windowSeconds: 10,
  intervalSeconds: 2,
  minSamples: 3,
  failureLimit: 0,
  targets: { latency_p95_ms: 2000, max_error_rate: 0.05 },
  baseline: {},
  compare: { latency_p95_ms: { maxIncreasePct: 10 } },
};

describe('canaries judged against a baseline by a real Prometheus', () => {
  const started = sharedPrometheusCockpit({ stage: healthy, slower, same: healthy, burning });

  /** Every sample real on both sides, the baseline read on stage with the healthy gate's p95. */
  function expectPairedSamples(samples: readonly StoredSample[], traffic: GateTraffic): void {
    expect(samples.map((sample) => sample.seq)).toEqual([1, 2, 3, 4, 5]);
    for (const sample of samples) {
      expectRealSample(sample, traffic);
      expect(sample.breached).toBe(false);
      expect(sample.baseline).toMatchObject({ gate: 'stage', fallback: false, fallbackReasons: {} });
      expect(sample.baseline?.observed.latency_p95_ms).toBeCloseTo(
        expectedHistogramQuantile(0.95, healthy),
        3,
      );
    }
  }

  it('rolls back by baseline_regression a canary clearly slower than its baseline', {
    timeout: CANARY_TIMEOUT_MS,
  }, async () => {
    const { record, samples } = await runCanary(started(), 'lukhas-slower', 'slower', judged);

    expect(record.status).toBe('rolled_back');
    expect(record.decision).toMatchObject({ outcome: 'rollback', rule: 'baseline_regression' });
    expect(record.decision?.reason).toMatch(
      /^latency_p95_ms \+103\.1% vs baseline \(p=0\.\d+, allowed \+10%\)$/,
    );
    expectPairedSamples(samples, slower);
    const [comparison] = record.math?.comparisons?.metrics ?? [];
    expect(comparison).toMatchObject({ metric: 'latency_p95_ms', verdict: 'High', dryRun: false });
    expect(comparison?.pWorse).toBeLessThan(0.05);
    expect(comparison?.canary).toHaveLength(5);
    expect(comparison?.baseline).toHaveLength(5);
    expect(record.math?.counts).toMatchObject({ samples: 5, real: 5, breaches: 0 });
    expectMathOfStoredSamples(record, samples);
    const events = eventsOf(started().events, record.canaryId);
    expect(events.map((event) => event.type)).toEqual([
      'started',
      'metric',
      'metric',
      'metric',
      'metric',
      'metric',
      'rolled_back',
    ]);
    expect(events[1]?.data).toMatchObject({ baseline: { gate: 'stage', fallback: false } });
    expect(events.at(-1)?.narrative).toMatch(/rolled back lukhas-slower → stage: latency \+103% vs baseline/);
    expect(await started().store.getModel('lukhas-slower')).toBeUndefined();
  });

  it('promotes a canary equal to its baseline', { timeout: CANARY_TIMEOUT_MS }, async () => {
    const { record, samples } = await runCanary(started(), 'lukhas-same', 'same', judged);

    expect(record.status).toBe('promoted');
    expect(record.decision).toMatchObject({ outcome: 'promote', rule: 'window_elapsed' });
    expectPairedSamples(samples, healthy);
    expect(record.math?.comparisons?.metrics[0]).toMatchObject({ metric: 'latency_p95_ms', verdict: 'Pass' });
    expectMathOfStoredSamples(record, samples);
    expect(await started().store.getModel('lukhas-same')).toMatchObject({ gate: 'same' });
  });

  it('rolls back at the first sample whose error budget burns above its limit', {
    timeout: CANARY_TIMEOUT_MS,
  }, async () => {
    const { record, samples } = await runCanary(started(), 'lukhas-burning', 'burning', {
      windowSeconds: 10,
      intervalSeconds: 2,
      minSamples: 3,
      targets: { error_budget: { slo: 0.99, maxBurnRate: 2 } },
    });

    expect(record.status).toBe('rolled_back');
    expect(record.decision).toMatchObject({ outcome: 'rollback', rule: 'breach_limit' });
    expect(samples).toHaveLength(1);
    const [sample] = samples;
    expectRealSample(sample, burning);
    expect(sample?.breaches).toEqual([{ metric: 'error_budget', value: expect.any(Number), target: 2 }]);
    // 5% errors against a 1% budget: a burn rate of 5.
    expect(sample?.breaches[0]?.value).toBeCloseTo(5, 6);
    expect(record.math).toMatchObject({ rule: 'breach_limit', decidingSample: 1, counts: { breaches: 1 } });
    expectMathOfStoredSamples(record, samples);
    expect(await started().store.getModel('lukhas-burning')).toBeUndefined();
  });
});

/**
 * The real adapter, with Prometheus stopped as soon as the first sample has been read (2 s before
 * the next one is due). Later samples wait until its process has exited, so they meet a closed port
 * however loaded the machine is, never a Prometheus half-way through shutting down.
 */
function stoppingAfterFirstSample(monitor: SloMonitor, prometheus: PrometheusHarness): SloMonitor {
  let stopped: Promise<void> | undefined;
  return {
    mode: monitor.mode,
    async sample(query: SloQuery) {
      if (stopped !== undefined) {
        await stopped;
        return monitor.sample(query);
      }
      const reading = await monitor.sample(query);
      stopped = prometheus.stopPrometheus();
      return reading;
    },
  };
}

// Each test stops its own Prometheus, so each starts one.
describe('canaries when Prometheus stops mid-canary', () => {
  let prometheus: PrometheusHarness | undefined;
  let monitor: PrometheusMonitor;
  let cockpit: Harness | undefined;

  beforeEach(async () => {
    prometheus = await startPrometheusHarness({ gates: { production: healthy } });
    monitor = prometheusMonitor(prometheus);
    await waitForData(monitor, prometheus, ['production']);
    cockpit = await harness({
      monitor: stoppingAfterFirstSample(monitor, prometheus),
      sampleTimeoutMs: SAMPLE_TIMEOUT_MS,
    });
  }, SETUP_TIMEOUT_MS);
  afterEach(async () => {
    try {
      await cockpit?.close();
    } finally {
      await prometheus?.stop();
      cockpit = undefined;
      prometheus = undefined;
    }
  });

  function started(): Harness {
    if (cockpit === undefined) throw new Error('no cockpit');
    return cockpit;
  }

  it('rolls back at the first fallback sample (failureLimit 0) and never promotes', {
    timeout: CANARY_TIMEOUT_MS,
  }, async () => {
    const { record, samples } = await runCanary(started(), 'lukhas-outage', 'production');

    expect(record.status).toBe('rolled_back');
    expect(record.decision).toMatchObject({ outcome: 'rollback', rule: 'breach_limit' });
    expect(samples).toHaveLength(2);
    expectRealSample(samples[0], healthy);
    expect(samples[0]?.breached).toBe(false);
    expectUnreachableSample(samples[1]);
    expect(record.math).toMatchObject({
      rule: 'breach_limit',
      outcome: 'rollback',
      decidingSample: 2,
      breachToActionSeconds: 0,
      counts: { samples: 2, real: 1, fallback: 1, breaches: 1 },
    });
    expectMathOfStoredSamples(record, samples);
    expect(monitor.stats().fallbacks.unreachable).toBe(2);
    expect(eventTypes(started(), record.canaryId)).toEqual(['started', 'metric', 'metric', 'rolled_back']);
    expect(await started().store.getModel('lukhas-outage')).toBeUndefined();
  });

  it('rolls back for insufficient data when breaches alone would not, and never promotes', {
    timeout: CANARY_TIMEOUT_MS,
  }, async () => {
    // More breaches allowed than the window has samples: only the real-sample count can decide.
    const { record, samples } = await runCanary(started(), 'lukhas-outage', 'production', {
      failureLimit: 3,
    });

    expect(record.status).toBe('rolled_back');
    expect(record.decision).toMatchObject({ outcome: 'rollback', rule: 'insufficient_data' });
    expect(samples.map((sample) => sample.seq)).toEqual([1, 2, 3]);
    expectRealSample(samples[0], healthy);
    expectUnreachableSample(samples[1]);
    expectUnreachableSample(samples[2]);
    expect(record.math).toMatchObject({
      rule: 'insufficient_data',
      outcome: 'rollback',
      decidingSample: null,
      window: { elapsed: true },
      counts: { samples: 3, real: 1, fallback: 2, breaches: 2 },
    });
    expect(record.math?.counts.real).toBeLessThan(policy.minSamples);
    expectMathOfStoredSamples(record, samples);
    expect(monitor.stats().fallbacks.unreachable).toBe(4);
    const types = eventTypes(started(), record.canaryId);
    expect(types).toEqual(['started', 'metric', 'metric', 'metric', 'rolled_back']);
    expect(types).not.toContain('promoted');
    expect(await started().store.getModel('lukhas-outage')).toBeUndefined();
  });
});
