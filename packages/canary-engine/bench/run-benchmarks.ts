/**
 * `pnpm bench` in this package: prints the figures and writes them to bench/results.json.
 * Benchmarks measure; they never fail the build. About 75 s.
 *
 * BENCH_CANARIES (1000), BENCH_WINDOW_SECONDS (20), BENCH_STEP_SECONDS (3 per figure),
 * BENCH_DB=memory (default: a temp file).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';
import { benchConcurrentCanaries, type ConcurrentCanariesResult } from './concurrent-canaries.ts';
import { benchDecisionThroughput } from './decision-throughput.ts';
import { benchStepTransitions } from './step-transitions.ts';

const canaries = Number(process.env.BENCH_CANARIES ?? 1000);
const windowSeconds = Number(process.env.BENCH_WINDOW_SECONDS ?? 20);
const inMemory = process.env.BENCH_DB === 'memory';

console.log(
  `canary-engine bench: ${canaries} canaries × 1 sample/s for ${windowSeconds}s (twice), then decideCanary`,
);
const burst = await benchConcurrentCanaries({ canaries, intervalSeconds: 1, windowSeconds, inMemory });
const paced = await benchConcurrentCanaries({
  canaries,
  intervalSeconds: 1,
  windowSeconds,
  inMemory,
  paced: true,
});
const decision = benchDecisionThroughput(3);
const stepSeconds = Number(process.env.BENCH_STEP_SECONDS ?? 3);
const steps = await benchStepTransitions({ seconds: stepSeconds, inMemory });

const column = (run: ConcurrentCanariesResult) => ({
  database: run.database,
  'start all (ms)': run.startMs,
  'wall (s)': run.wallSeconds,
  'CPU share (1 = one core)': run.cpuShare,
  'samples stored': run.samplesStored,
  'samples stored / s': run.samplesPerSecond,
  'due → sampled, p50 / p99 / max (ms)': fmt(run.sampleLagMs),
  'same, samples 2..n-1 (ms)': fmt(run.steadySampleLagMs),
  'due → stored, p50 / p99 / max (ms)': fmt(run.storeLagMs),
  'promoted / rolled back': `${run.decided.promoted} / ${run.decided.rolledBack}`,
  'background errors': run.errors,
});
const burstColumn = column(burst);
const pacedColumn = column(paced);
console.table(
  Object.fromEntries(
    Object.keys(burstColumn).map((key) => [
      key,
      {
        'burst start': burstColumn[key as keyof typeof burstColumn],
        'paced start': pacedColumn[key as keyof typeof pacedColumn],
      },
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

const results: BenchResults = {
  suite: 'canary-engine',
  title:
    `${canaries} canaries sampling a stub monitor every second for ${windowSeconds} s on one process, ` +
    `database ${paced.database}: started paced over one interval vs all at once; then decideCanary throughput; ` +
    'then traffic steps of one canary per router (router call + recorded step) vs the record write alone',
  command: 'pnpm --filter @lukhas/canary-engine bench',
  measuredAt: new Date().toISOString(),
  rows: [
    {
      ...pacedVsBurst('CPU share while sampling', 'cores', 'lower', (run) => run.cpuShare),
      note: outcomeNote(),
    },
    pacedVsBurst('samples stored per second', 'samples/s', 'higher', (run) => run.samplesPerSecond),
    pacedVsBurst('due → sampled p50', 'ms', 'lower', (run) => run.sampleLagMs.p50),
    pacedVsBurst('due → sampled p99', 'ms', 'lower', (run) => run.sampleLagMs.p99),
    pacedVsBurst('due → sampled p99, samples 2..n-1', 'ms', 'lower', (run) => run.steadySampleLagMs.p99),
    pacedVsBurst('due → stored p99', 'ms', 'lower', (run) => run.storeLagMs.p99),
    {
      group: 'decision rule',
      figure: `decideCanary over ${decision.prefixes}`,
      unit: 'calls/s',
      value: decision.decisionsPerSecond,
      // The engine decides after every stored sample: the paced run's rate is what it needed.
      comparison: { label: 'needed by the paced run (samples stored/s)', value: paced.samplesPerSecond },
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
  details: { node: process.version, burst, paced, decision, steps },
};
const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${file}`);

/**
 * One figure of the paced run (operators start canaries over time) next to the same figure when
 * every canary started at once.
 */
function pacedVsBurst(
  figure: string,
  unit: string,
  better: BenchRow['better'],
  pick: (run: ConcurrentCanariesResult) => number,
): BenchRow {
  return {
    group: `${canaries} canaries × 1 sample/s for ${windowSeconds} s, paced start`,
    figure,
    unit,
    value: pick(paced),
    comparison: { label: 'all started at once (burst)', value: pick(burst) },
    better,
  };
}

/** Says so when a run did not decide every canary as promoted or had background errors. */
function outcomeNote(): string | undefined {
  const unusual = [burst, paced].filter((run) => run.decided.promoted !== run.canaries || run.errors > 0);
  if (unusual.length === 0) return undefined;
  return unusual
    .map(
      (run) =>
        `${run.starts}: ${run.decided.promoted} promoted, ${run.decided.rolledBack} rolled back, ${run.errors} background errors`,
    )
    .join('; ');
}

function fmt(values: { p50: number; p99: number; max: number }): string {
  return `${values.p50} / ${values.p99} / ${values.max}`;
}
