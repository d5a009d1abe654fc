/**
 * How fast the baseline judge runs: `compareWithBaseline` (Mann-Whitney U + Hodges-Lehmann with its
 * interval) over 2×100 samples, as a decision point with a 100-sample window would call it per
 * compared metric, beside `decideCanary` alone over 100 judged samples in the same run. Writes
 * bench/results.json for `pnpm bench` (scripts/bench.mjs).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../../../scripts/bench-results.ts';
import {
  type CanarySample,
  compareWithBaseline,
  decideCanary,
  judgeSample,
  mannWhitneyU,
  parseSloPolicy,
} from '../src/index.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

// A deterministic generator, so every run judges the same series.
function series(length: number, seed: number, scale: number): number[] {
  let state = seed;
  return Array.from({ length }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.round(scale * (380 + (state / 2147483648) * 80) * 1000) / 1000;
  });
}

/** Runs `work` repeatedly for about `seconds` and returns calls per second. */
function perSecond(
  work: () => number,
  seconds: number,
): { readonly calls: number; readonly perSecond: number } {
  let calls = 0;
  let sink = 0;
  const began = performance.now();
  const deadline = began + seconds * 1000;
  while (performance.now() < deadline) {
    sink += work();
    calls += 1;
  }
  const elapsed = (performance.now() - began) / 1000;
  if (Number.isNaN(sink)) console.log(sink); // keeps the work observable
  return { calls, perSecond: Math.round(calls / elapsed) };
}

const canary = series(100, 7, 1.1);
const baseline = series(100, 11, 1);
const smallCanary = series(8, 13, 1.1);
const smallBaseline = series(100, 17, 1);

const comparison = perSecond(
  () =>
    compareWithBaseline({
      metric: 'latency_p95_ms',
      canary,
      baseline,
      allowed: { maxIncreasePct: 10 },
      minSamples: 3,
    }).shift?.estimate ?? 0,
  SECONDS,
);
const testOnly = perSecond(() => mannWhitneyU(canary, baseline).pGreater, SECONDS);
const exact = perSecond(
  () =>
    compareWithBaseline({
      metric: 'latency_p95_ms',
      canary: smallCanary,
      baseline: smallBaseline,
      allowed: { maxIncreasePct: 10 },
      minSamples: 3,
    }).test?.pGreater ?? 0,
  SECONDS,
);

const policy = parseSloPolicy({
  windowSeconds: 3000,
  intervalSeconds: 30,
  failureLimit: 3,
  minSamples: 3,
  targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
});
const startedAt = Date.UTC(2025, 9, 3, 14, 20);
const samples: CanarySample[] = canary.map((latency, index) =>
  judgeSample(
    {
      seq: index + 1,
      at: startedAt + (index + 1) * 30_000,
      reading: { values: { latency_p95_ms: latency, error_rate: 0.002, drift: null }, reasons: {} },
    },
    policy.targets,
  ),
);
const now = startedAt + 3_000_000;
const decision = perSecond(
  () => decideCanary({ policy, startedAt, now, samples }).math.counts.samples,
  SECONDS,
);

const check = compareWithBaseline({
  metric: 'latency_p95_ms',
  canary,
  baseline,
  allowed: { maxIncreasePct: 10 },
  minSamples: 3,
});
const results: BenchResults = {
  suite: 'core',
  title:
    'the baseline judge (Mann-Whitney U + Hodges-Lehmann) over 2×100 samples vs decideCanary over 100 samples',
  command: 'pnpm --filter @lukhas/core bench',
  measuredAt: new Date().toISOString(),
  rows: [
    {
      figure: 'compareWithBaseline, 2×100 samples (normal approximation, HL over 10,000 differences)',
      unit: 'comparisons/s',
      value: comparison.perSecond,
      comparison: { label: 'decideCanary, 100 samples', value: decision.perSecond },
      better: 'higher',
      note: `verdict on the bench series: ${check.reason}`,
    },
    {
      figure: 'mannWhitneyU alone, 2×100 samples',
      unit: 'tests/s',
      value: testOnly.perSecond,
      better: 'higher',
    },
    {
      figure: 'compareWithBaseline, 8 vs 100 samples (exact distribution)',
      unit: 'comparisons/s',
      value: exact.perSecond,
      better: 'higher',
    },
    {
      figure: 'decideCanary alone, 100 samples',
      unit: 'decisions/s',
      value: decision.perSecond,
      better: 'higher',
    },
  ],
  details: { seconds: SECONDS, comparison, testOnly, exact, decision },
};

const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
for (const row of results.rows) console.log(`${row.figure}: ${row.value} ${row.unit}`);
console.log(`written to ${file}`);
