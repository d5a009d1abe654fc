/**
 * `pnpm bench` in this package: prints the figures and writes them to bench/results.json.
 * Benchmarks measure; they never fail the build. About 50 s.
 *
 * BENCH_CANARIES (1000), BENCH_WINDOW_SECONDS (20), BENCH_DB=memory (default: a temp file).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchConcurrentCanaries, type ConcurrentCanariesResult } from './concurrent-canaries.ts';
import { benchDecisionThroughput } from './decision-throughput.ts';

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

const results = { measuredAt: new Date().toISOString(), node: process.version, burst, paced, decision };
const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${file}`);

function fmt(values: { p50: number; p99: number; max: number }): string {
  return `${values.p50} / ${values.p99} / ${values.max}`;
}
