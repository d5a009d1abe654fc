/**
 * `pnpm bench` in this package: prints the figures and writes them to bench/results.json.
 * Benchmarks measure; they never fail the build. About 3 min.
 *
 * BENCH_CANARIES (1000), BENCH_WINDOW_SECONDS (20), BENCH_MANY_CANARIES (10000),
 * BENCH_MANY_WINDOW_SECONDS (15), BENCH_STEP_SECONDS (3 per figure), BENCH_DB=memory (default: a
 * temp file).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';
import {
  type BenchStorage,
  benchConcurrentCanaries,
  type ConcurrentCanariesResult,
} from './concurrent-canaries.ts';
import { benchDecisionThroughput } from './decision-throughput.ts';
import { benchStepTransitions } from './step-transitions.ts';

const canaries = Number(process.env.BENCH_CANARIES ?? 1000);
const windowSeconds = Number(process.env.BENCH_WINDOW_SECONDS ?? 20);
const many = Number(process.env.BENCH_MANY_CANARIES ?? 10000);
const manyWindowSeconds = Number(process.env.BENCH_MANY_WINDOW_SECONDS ?? 15);
const storage: BenchStorage = process.env.BENCH_DB === 'memory' ? 'memory' : 'file';
const inMemory = storage === 'memory';
const loadAtStart = loadAverage();

console.log(
  `canary-engine bench: ${canaries} then ${many} canaries × 1 sample/s (burst, paced), ` +
    `${many} again without a database, then decideCanary and traffic steps`,
);
const run = (count: number, seconds: number, runStorage: BenchStorage, paced: boolean) =>
  benchConcurrentCanaries({
    canaries: count,
    intervalSeconds: 1,
    windowSeconds: seconds,
    storage: runStorage,
    paced,
  });
const burst = await run(canaries, windowSeconds, storage, false);
const paced = await run(canaries, windowSeconds, storage, true);
const manyBurst = await run(many, manyWindowSeconds, storage, false);
const manyPaced = await run(many, manyWindowSeconds, storage, true);
// The same without a database: what the engine itself (scheduler, fan-out, stub, rule) costs.
const enginePaced = await run(many, manyWindowSeconds, 'maps', true);
const engineBurst = await run(many, manyWindowSeconds, 'maps', false);
const decision = benchDecisionThroughput(3);
const stepSeconds = Number(process.env.BENCH_STEP_SECONDS ?? 3);
const steps = await benchStepTransitions({ seconds: stepSeconds, inMemory });
const loadAtEnd = loadAverage();

const column = (result: ConcurrentCanariesResult) => ({
  database: result.database,
  'start all (ms)': result.startMs,
  'wall (s)': result.wallSeconds,
  'CPU share (1 = one core)': result.cpuShare,
  'CPU per sample stored (µs)': result.cpuMicrosPerSample,
  'samples stored': result.samplesStored,
  'samples stored / s': result.samplesPerSecond,
  'due → sampled, p50 / p99 / max (ms)': fmt(result.sampleLagMs),
  'same, samples 2..n-1 (ms)': fmt(result.steadySampleLagMs),
  'sampled → stored, p50 / p99 / max (ms)': fmt(result.sampledToStoredMs),
  'due → stored, p50 / p99 / max (ms)': fmt(result.storeLagMs),
  'promoted / rolled back': `${result.decided.promoted} / ${result.decided.rolledBack}`,
  'background errors': result.errors,
});
const runs: Record<string, ConcurrentCanariesResult> = {
  [`${canaries} burst`]: burst,
  [`${canaries} paced`]: paced,
  [`${many} burst`]: manyBurst,
  [`${many} paced`]: manyPaced,
  [`${many} paced, no db`]: enginePaced,
  [`${many} burst, no db`]: engineBurst,
};
const columns = Object.entries(runs).map(([name, result]) => [name, column(result)] as const);
console.table(
  Object.fromEntries(
    Object.keys(column(burst)).map((key) => [
      key,
      Object.fromEntries(columns.map(([name, values]) => [name, values[key as keyof typeof values]])),
    ]),
  ),
);
console.table({
  'decideCanary over 10..100 samples': {
    'calls / s': decision.decisionsPerSecond,
    'samples / s': decision.samplesPerSecond,
  },
});

console.table(
  Object.fromEntries(
    steps.figures.map((figure) => [
      `router ${figure.router}`,
      {
        'steps / s (router call + record)': figure.stepsPerSecond,
        'record only / s (same run)': figure.recordOnlyPerSecond,
        'router call, mean (ms)': figure.routerCallMs,
        problem: figure.problem ?? '',
      },
    ]),
  ),
);

const load = `load average ${loadAtStart} at the start, ${loadAtEnd} at the end (2 cores, shared)`;
const results: BenchResults = {
  suite: 'canary-engine',
  title:
    `${canaries} and ${many} canaries sampling a stub monitor every second on one process, ` +
    `database ${paced.database}: started paced over one interval vs all at once; ${many} again ` +
    'without a database (the engine alone); then decideCanary throughput; then traffic steps of one ' +
    'canary per router (router call + recorded step) vs the record write alone',
  command: 'pnpm --filter @lukhas/canary-engine bench',
  measuredAt: new Date().toISOString(),
  rows: [
    {
      ...pacedVsBurst(
        canaries,
        windowSeconds,
        'CPU share while sampling',
        'cores',
        'lower',
        (r) => r.cpuShare,
      ),
      note: outcomeNote([burst, paced]),
    },
    pacedVsBurst(
      canaries,
      windowSeconds,
      'samples stored per second',
      'samples/s',
      'higher',
      (r) => r.samplesPerSecond,
    ),
    pacedVsBurst(canaries, windowSeconds, 'due → sampled p50', 'ms', 'lower', (r) => r.sampleLagMs.p50),
    pacedVsBurst(canaries, windowSeconds, 'due → sampled p99', 'ms', 'lower', (r) => r.sampleLagMs.p99),
    pacedVsBurst(
      canaries,
      windowSeconds,
      'due → sampled p99, samples 2..n-1',
      'ms',
      'lower',
      (r) => r.steadySampleLagMs.p99,
    ),
    pacedVsBurst(canaries, windowSeconds, 'due → stored p99', 'ms', 'lower', (r) => r.storeLagMs.p99),
    ...manyVsFew(paced.database, manyPaced, manyBurst),
    ...engineAlone(),
    {
      group: 'decision rule',
      figure: `decideCanary over ${decision.prefixes}`,
      unit: 'calls/s',
      value: decision.decisionsPerSecond,
      // The engine decides after every stored sample: the busiest run's rate is what it needed.
      comparison: {
        label: `needed by ${many} canaries paced without a database (samples stored/s)`,
        value: enginePaced.samplesPerSecond,
      },
      better: 'higher',
    },
    ...steps.figures.map(
      (figure): BenchRow => ({
        group: `traffic steps of one canary, one after another, ${steps.database}`,
        figure: `step transitions, router ${figure.router}`,
        unit: 'steps/s',
        value: figure.stepsPerSecond,
        comparison: { label: 'record write alone (no router call)', value: figure.recordOnlyPerSecond },
        better: 'higher',
        ...(figure.problem === undefined ? {} : { note: figure.problem }),
      }),
    ),
  ],
  details: {
    node: process.version,
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    burst,
    paced,
    manyBurst,
    manyPaced,
    engineAlone: { paced: enginePaced, burst: engineBurst },
    decision,
    steps,
  },
};
const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${file}`);

/**
 * One figure of the paced run (operators start canaries over time) next to the same figure when
 * every canary started at once.
 */
function pacedVsBurst(
  count: number,
  seconds: number,
  figure: string,
  unit: string,
  better: BenchRow['better'],
  pick: (result: ConcurrentCanariesResult) => number,
): BenchRow {
  return {
    group: `${count} canaries × 1 sample/s for ${seconds} s, paced start`,
    figure,
    unit,
    value: pick(paced),
    comparison: { label: 'all started at once (burst)', value: pick(burst) },
    better,
  };
}

/**
 * Issue 16's row: `many` canaries beside the `canaries` ones of this run, paced and all at once.
 * Target: due → stored p99 ≤ 100 ms paced, ≤ 500 ms all at once.
 */
function manyVsFew(
  database: string,
  manyPacedRun: ConcurrentCanariesResult,
  manyBurstRun: ConcurrentCanariesResult,
): BenchRow[] {
  const group = `${many} canaries × 1 sample/s for ${manyWindowSeconds} s, database ${database} (target: due → stored p99 ≤ 100 ms paced, ≤ 500 ms at once)`;
  const row = (
    figure: string,
    unit: string,
    better: BenchRow['better'],
    value: number,
    label: string,
    compared: number,
  ): BenchRow => ({ group, figure, unit, value, comparison: { label, value: compared }, better });
  return [
    {
      ...row(
        'due → stored p99, paced',
        'ms',
        'lower',
        manyPacedRun.storeLagMs.p99,
        `${canaries} canaries, paced`,
        paced.storeLagMs.p99,
      ),
      note: `${load}; ${outcomeNote([manyPacedRun, manyBurstRun]) ?? 'every canary promoted'}`,
    },
    row(
      'due → stored p99, all at once',
      'ms',
      'lower',
      manyBurstRun.storeLagMs.p99,
      `${canaries} canaries, all at once`,
      burst.storeLagMs.p99,
    ),
    row(
      'due → sampled p99, paced',
      'ms',
      'lower',
      manyPacedRun.sampleLagMs.p99,
      `${canaries} canaries, paced`,
      paced.sampleLagMs.p99,
    ),
    row(
      'due → sampled p99, all at once',
      'ms',
      'lower',
      manyBurstRun.sampleLagMs.p99,
      `${canaries} canaries, all at once`,
      burst.sampleLagMs.p99,
    ),
    row(
      'sampled → stored p99, paced',
      'ms',
      'lower',
      manyPacedRun.sampledToStoredMs.p99,
      `${canaries} canaries, paced`,
      paced.sampledToStoredMs.p99,
    ),
    row(
      'samples stored per second, paced',
      'samples/s',
      'higher',
      manyPacedRun.samplesPerSecond,
      `${canaries} canaries, paced`,
      paced.samplesPerSecond,
    ),
    row(
      'CPU share while sampling, paced',
      'cores',
      'lower',
      manyPacedRun.cpuShare,
      `${canaries} canaries, paced`,
      paced.cpuShare,
    ),
  ];
}

/** The same canaries without a database, beside the run with one: the engine's own share. */
function engineAlone(): BenchRow[] {
  const group = `${many} canaries × 1 sample/s for ${manyWindowSeconds} s, no database (plain maps): the engine alone`;
  const row = (
    figure: string,
    unit: string,
    better: BenchRow['better'],
    pick: (result: ConcurrentCanariesResult) => number,
    alone: ConcurrentCanariesResult,
    withDatabase: ConcurrentCanariesResult,
  ): BenchRow => ({
    group,
    figure,
    unit,
    value: pick(alone),
    comparison: { label: `with the database (${withDatabase.database})`, value: pick(withDatabase) },
    better,
  });
  return [
    {
      ...row('due → stored p99, paced', 'ms', 'lower', (r) => r.storeLagMs.p99, enginePaced, manyPaced),
      note: outcomeNote([enginePaced, engineBurst]),
    },
    row('due → stored p99, all at once', 'ms', 'lower', (r) => r.storeLagMs.p99, engineBurst, manyBurst),
    row(
      'due → sampled p99, samples 2..n-1, paced',
      'ms',
      'lower',
      (r) => r.steadySampleLagMs.p99,
      enginePaced,
      manyPaced,
    ),
    row(
      'samples stored per second, paced',
      'samples/s',
      'higher',
      (r) => r.samplesPerSecond,
      enginePaced,
      manyPaced,
    ),
    row('CPU share while sampling, paced', 'cores', 'lower', (r) => r.cpuShare, enginePaced, manyPaced),
    row(
      'CPU time per sample stored, paced',
      'µs',
      'lower',
      (r) => r.cpuMicrosPerSample,
      enginePaced,
      manyPaced,
    ),
  ];
}

/** Says so when a run did not decide every canary as promoted or had background errors. */
function outcomeNote(checked: readonly ConcurrentCanariesResult[]): string | undefined {
  const unusual = checked.filter(
    (result) => result.decided.promoted !== result.canaries || result.errors > 0,
  );
  if (unusual.length === 0) return undefined;
  return unusual
    .map(
      (result) =>
        `${result.canaries} ${result.starts}: ${result.decided.promoted} promoted, ${result.decided.rolledBack} rolled back, ${result.errors} background errors`,
    )
    .join('; ');
}

// The 1-minute load average, to read the figures by: other sessions share the 2 cores.
function loadAverage(): string {
  return os.loadavg()[0]?.toFixed(2) ?? 'unknown';
}

function fmt(values: { p50: number; p99: number; max: number }): string {
  return `${values.p50} / ${values.p99} / ${values.max}`;
}
