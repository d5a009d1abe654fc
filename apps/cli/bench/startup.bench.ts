/**
 * `pnpm bench` in this app: how long `cockpit jobs` takes from process start to exit, against
 * `node -e 0` (the floor: starting Node itself) measured in the same run. Three ways to run it:
 * the bin (compiled JavaScript), the README's `npm run cockpit -- jobs`, and the TypeScript entry
 * under tsx (what every command paid before the CLI was compiled). Each runs against the same
 * small temp SQLite database, from the workspace root (where a user types them), after one warm-up
 * run that builds the compiled CLI if it is stale.
 * Figures are printed and written to bench/results.json; nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDatabase, migrateToLatest, openDatabase } from '@lukhas/persistence';
import type { BenchResults } from '../../../scripts/bench-results.ts';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(cliRoot, '../..');

const folder = mkdtempSync(join(tmpdir(), 'cockpit-startup-bench-'));
const file = join(folder, 'lukhas-mcp.db');
const db = openDatabase({ file });
await migrateToLatest(db, { file });
await closeDatabase(db);

const ways = {
  floor: [process.execPath, '-e', '0'],
  compiled: [process.execPath, join(cliRoot, 'bin/cockpit.mjs'), 'jobs', '--db', file],
  npmRun: ['npm', 'run', '--silent', 'cockpit', '--', 'jobs', '--db', file],
  tsx: [process.execPath, '--import', 'tsx', join(cliRoot, 'src/main.ts'), 'jobs', '--db', file],
} as const;

/** Milliseconds from spawn to exit of each run, after one warm-up run. */
function timeRuns(command: readonly string[]): number[] {
  const [program, ...args] = command as [string, ...string[]];
  const once = () => {
    const started = performance.now();
    const result = spawnSync(program, args, { cwd: workspaceRoot, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed: ${result.stderr}`);
    return performance.now() - started;
  };
  once();
  return Array.from({ length: RUNS }, once);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

try {
  const measured = Object.fromEntries(
    Object.entries(ways).map(([way, command]) => [way, timeRuns(command)]),
  ) as Record<keyof typeof ways, number[]>;
  const floor = median(measured.floor);
  const row = (figure: string, values: number[], note: string) => ({
    figure,
    unit: 'ms (median)',
    value: Math.round(median(values)),
    comparison: { label: '`node -e 0`', value: Math.round(floor) },
    better: 'lower' as const,
    note,
  });
  const results: BenchResults = {
    suite: 'cli',
    title: `\`cockpit jobs\` from start to exit on a temp SQLite database, median of ${RUNS} runs each, beside \`node -e 0\``,
    command: 'pnpm --filter @lukhas/cli bench',
    measuredAt: new Date().toISOString(),
    rows: [
      row('`node apps/cli/bin/cockpit.mjs jobs` (compiled)', measured.compiled, 'the bin'),
      row(
        '`npm run cockpit -- jobs` (compiled)',
        measured.npmRun,
        "the README's command, npm's own start included",
      ),
      row(
        '`node --import tsx apps/cli/src/main.ts jobs`',
        measured.tsx,
        'before: TypeScript compiled on every run',
      ),
    ],
    details: { runs: RUNS, millisecondsPerRun: measured },
  };
  for (const { figure, value } of results.rows)
    console.log(`${figure}: ${value} ms (node -e 0: ${Math.round(floor)} ms)`);
  writeFileSync(
    join(dirname(fileURLToPath(import.meta.url)), 'results.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
