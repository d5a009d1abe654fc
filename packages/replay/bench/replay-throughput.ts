/**
 * `pnpm bench` in this package: replay throughput (samples re-judged and decided per second), the
 * same with a baseline reading beside every sample and a replay policy that compares with it
 * (Mann-Whitney U and Hodges-Lehmann at each window end), and report render times, over
 * BENCH_CANARIES (1000) canaries × BENCH_SAMPLES (100) samples, beside decideCanary alone in the
 * same run. Prints the figures and writes bench/results.json. Measures; never fails the build.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CanaryRecord,
  type CanarySample,
  decideCanary,
  judgeBaselineSample,
  judgeSample,
  type SloPolicy,
  type StoredSample,
} from '@lukhas/core';
import { type ReplayResult, renderReplayHtml, renderReplayJson, replayWindow } from '../src/index.ts';

const CANARIES = Number(process.env.BENCH_CANARIES ?? 1000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 100);
const RUNS = 5;
const INTERVAL = 30;
const T0 = Date.UTC(2025, 8, 28, 14, 0, 0, 0);

// Recorded: a long, tolerant window so every canary keeps all its samples and promotes.
const recordedPolicy: SloPolicy = {
  windowSeconds: SAMPLES * INTERVAL,
  intervalSeconds: INTERVAL,
  failureLimit: SAMPLES,
  minSamples: 3,
  targets: { latency_p95_ms: 800, max_error_rate: 0.01, max_drift: 0.15 },
};
// Judges every sample to the window end (no canary breaches 2000 ms twice).
const looserPolicy: SloPolicy = {
  ...recordedPolicy,
  failureLimit: 2,
  targets: { latency_p95_ms: 2000, max_error_rate: 0.05 },
};
// Most canaries roll back at their first breach, so most samples are never judged.
const stricterPolicy: SloPolicy = {
  ...recordedPolicy,
  failureLimit: 0,
  targets: { latency_p95_ms: 500, max_error_rate: 0.005 },
};

// Recorded with a baseline beside every sample, a regression of up to 50 % tolerated.
const recordedWithBaseline: SloPolicy = {
  ...recordedPolicy,
  baseline: {},
  compare: { latency_p95_ms: { maxIncreasePct: 50 } },
};
// The looser policy, comparing latency with the baseline at 10 %: every canary is compared at its
// window end over its ~100 canary and ~100 baseline values.
const comparingPolicy: SloPolicy = {
  ...looserPolicy,
  baseline: {},
  compare: { latency_p95_ms: { maxIncreasePct: 10 } },
};

const { canaries, samples, judged } = makeHistory(recordedPolicy);
const window = { from: T0, to: T0 + CANARIES * 60_000 + SAMPLES * INTERVAL * 1000 };
const replay = (policy: SloPolicy) =>
  replayWindow({ modelId: 'bench-model', canaries, samples, policy, window });

// The machine is shared: the 1-minute load average before and after says how much to trust a run.
const loadBefore = loadavg()[0] ?? 0;
const looser = measure(() => replay(looserPolicy));
const stricter = measure(() => replay(stricterPolicy));
const decideOnly = measure(() => {
  for (const [index, canary] of canaries.entries()) {
    decideCanary({
      policy: looserPolicy,
      startedAt: Date.parse(canary.startedAt),
      now: window.to,
      samples: judged[index] ?? [],
    });
  }
});
const baselined = makeHistory(recordedWithBaseline);
const withBaselines = measure(() =>
  replayWindow({
    modelId: 'bench-model',
    canaries: baselined.canaries,
    samples: baselined.samples,
    policy: comparingPolicy,
    window,
  }),
);
const decideWithBaselines = measure(() => {
  for (const [index, canary] of baselined.canaries.entries()) {
    decideCanary({
      policy: comparingPolicy,
      startedAt: Date.parse(canary.startedAt),
      now: window.to,
      samples: baselined.judged[index] ?? [],
    });
  }
});
const baselineOutcomes = replayWindow({
  modelId: 'bench-model',
  canaries: baselined.canaries,
  samples: baselined.samples,
  policy: comparingPolicy,
  window,
}).canaries.reduce<Record<string, number>>((counts, canary) => {
  const rule = canary.counterfactual.rule ?? 'undecided';
  counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
}, {});
const result: ReplayResult = replay(looserPolicy);
let html = '';
const htmlRender = measure(() => {
  html = renderReplayHtml(result);
});
let json = '';
const jsonRender = measure(() => {
  json = renderReplayJson(result);
});

const perSecond = (ms: number) => Math.round(samples.length / (ms / 1000));
const rows = [
  {
    figure: 'replay throughput, every sample judged to the window end',
    unit: 'samples/s',
    value: perSecond(looser),
    better: 'higher',
    comparison: { label: 'decideCanary alone on pre-judged samples', value: perSecond(decideOnly) },
    ratio: round(decideOnly / looser, 2),
    note: `${CANARIES} canaries × ${SAMPLES} samples; the replay also re-judges each sample and re-checks the recorded decision; load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores`,
  },
  {
    figure: 'replay throughput, stricter policy (most canaries decided at their first breach)',
    unit: 'samples/s',
    value: perSecond(stricter),
    better: 'higher',
  },
  {
    figure: 'replay throughput with baselines, compare latency_p95_ms at every window end',
    unit: 'samples/s',
    value: perSecond(withBaselines),
    better: 'higher',
    comparison: { label: 'decideCanary alone on pre-judged samples', value: perSecond(decideOnly) },
    ratio: round(decideOnly / withBaselines, 2),
    note: `a baseline reading beside every sample; MWU + Hodges-Lehmann over ~${SAMPLES}×${SAMPLES} values per canary; rules: ${Object.entries(
      baselineOutcomes,
    )
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ')}`,
  },
  {
    figure: 'decideCanary alone on pre-judged samples with baselines (compare included)',
    unit: 'samples/s',
    value: perSecond(decideWithBaselines),
    better: 'higher',
    comparison: { label: 'decideCanary alone without baselines', value: perSecond(decideOnly) },
    ratio: round(decideOnly / decideWithBaselines, 2),
  },
  {
    figure: `HTML report render (${CANARIES} canaries)`,
    unit: 'ms',
    value: round(htmlRender, 1),
    better: 'lower',
    note: `${round(html.length / 1_048_576, 1)} MiB`,
  },
  {
    figure: `JSON render (${CANARIES} canaries)`,
    unit: 'ms',
    value: round(jsonRender, 1),
    better: 'lower',
    note: `${round(json.length / 1_048_576, 1)} MiB`,
  },
];

console.log(`replay bench: ${CANARIES} canaries × ${SAMPLES} samples, median of ${RUNS} runs`);
console.table(Object.fromEntries(rows.map((row) => [row.figure, { value: row.value, unit: row.unit }])));
const results = {
  suite: 'replay',
  title: 'Counterfactual replay: re-judging throughput (with and without baselines) and report rendering',
  command: 'pnpm --filter @lukhas/replay bench',
  measuredAt: new Date().toISOString(),
  rows,
};
const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${file}`);

// Median wall time in ms of RUNS runs after one warm-up run.
function measure(run: () => void): number {
  run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] ?? 0;
}

// Deterministic history: canary k starts a minute after canary k-1; latency wanders around 300 ms
// with a spike now and then, and one sample in 50 is a fallback. Under a policy with `baseline`,
// each sample carries the baseline gate's reading (latency around 290 ms); one canary in four is
// about 30 % slower than its baseline.
function makeHistory(policy: SloPolicy): {
  canaries: CanaryRecord[];
  samples: StoredSample[];
  judged: CanarySample[][];
} {
  const canaries: CanaryRecord[] = [];
  const taken: { sample: CanarySample; canaryId: string }[] = [];
  const judged: CanarySample[][] = [];
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let index = 0; index < CANARIES; index += 1) {
    const canaryId = `canary_${String(index).padStart(5, '0')}`;
    const startedAt = T0 + index * 60_000;
    const own: CanarySample[] = [];
    const slower = policy.baseline !== undefined && index % 4 === 0 ? 90 : 0;
    for (let seq = 1; seq <= SAMPLES; seq += 1) {
      const fallback = random() < 0.02;
      const latency = fallback
        ? null
        : random() < 0.03
          ? 600 + random() * 900
          : 200 + slower + random() * 200;
      const reading = {
        values: { latency_p95_ms: latency, error_rate: random() * 0.006, drift: random() * 0.1 },
        reasons: fallback ? { latency_p95_ms: 'prometheus unreachable: ECONNREFUSED' } : {},
      };
      const sample = judgeSample({ seq, at: startedAt + seq * INTERVAL * 1000, reading }, policy.targets);
      if (policy.baseline === undefined) {
        own.push(sample);
        continue;
      }
      const baseline = judgeBaselineSample({
        gate: 'stage',
        reading: {
          values: { latency_p95_ms: 190 + random() * 200, error_rate: random() * 0.006, drift: null },
          reasons: {},
        },
        metrics: ['latency_p95_ms'],
      });
      own.push({ ...sample, baseline });
    }
    const verdict = decideCanary({
      policy,
      startedAt,
      now: Number.POSITIVE_INFINITY,
      samples: own,
    });
    const decision = verdict.decision;
    const iso = (epochMs: number) => new Date(epochMs).toISOString();
    canaries.push({
      canaryId,
      modelId: 'bench-model',
      fromGate: 'stage',
      toGate: 'production',
      status: decision?.outcome === 'promote' ? 'promoted' : 'rolled_back',
      policy,
      webhooks: null,
      operator: 'system',
      createdAt: iso(startedAt),
      updatedAt: iso(decision?.decidedAt ?? startedAt),
      startedAt: iso(startedAt),
      windowEndsAt: iso(startedAt + policy.windowSeconds * 1000),
      decidedAt: decision === null ? null : iso(decision.decidedAt),
      decision:
        decision === null
          ? null
          : { outcome: decision.outcome, rule: decision.rule, reason: decision.reason },
      math: verdict.math,
      traffic: null,
    });
    for (const sample of own) taken.push({ sample, canaryId });
    judged.push(own);
  }
  // As the store hands them over: in time order (canaries interleave), each a row read afresh.
  taken.sort((a, b) => a.sample.at - b.sample.at);
  const samples = taken.map(({ sample, canaryId }) => storedSample(sample, canaryId));
  return { canaries, samples, judged };
}

// A sample as persistence's `rowToSample` builds it: one object literal in its key order, with the
// JSON columns parsed into objects of their own. (Spreading the judged sample instead gave objects
// that V8 reads several times slower than any row, and the replay measured that, not itself.)
function storedSample(sample: CanarySample, canaryId: string): StoredSample {
  const { baseline } = sample;
  return {
    canaryId,
    modelId: 'bench-model',
    gate: 'production',
    seq: sample.seq,
    at: sample.at,
    observed: { ...sample.observed },
    values: { ...sample.values },
    fallback: sample.fallback,
    fallbackReasons: { ...sample.fallbackReasons },
    breaches: sample.breaches.map((breach) => ({ ...breach })),
    breached: sample.breached,
    ...(baseline === undefined ? {} : { baseline: JSON.parse(JSON.stringify(baseline)) }),
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
