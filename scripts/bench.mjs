#!/usr/bin/env node
// `pnpm bench`: runs every workspace package's `bench` script one after another, gathers the
// bench/results.json each writes (shape: scripts/bench-results.ts) and writes BENCHMARKS.md and
// BENCHMARKS.json at the root. Benchmarks measure, never fail the build: a suite that fails or
// overruns its time is recorded in the report, and this script still exits 0.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, describeSoftware, loadAverage } from './bench-environment.mjs';
import { compareRow, renderMarkdown } from './bench-report.mjs';

const root = path.resolve(import.meta.dirname, '..');
const SUITE_SECONDS = Number(process.env.BENCH_SUITE_TIMEOUT_SECONDS ?? 720);
// The whole run stays under 30 minutes; what is left of the budget bounds each suite.
const BUDGET_SECONDS = Number(process.env.BENCH_BUDGET_SECONDS ?? 1800);
const OUTPUT_TAIL_LINES = 25;

let running = null;
process.on('SIGINT', () => {
  if (running) killGroup(running, 'SIGTERM');
  process.exit(130);
});

const startedAt = Date.now();
const loadAtStart = loadAverage();
const suites = [];
for (const benchPackage of findBenchPackages()) {
  const left = BUDGET_SECONDS - (Date.now() - startedAt) / 1000;
  console.log(`\n── bench ${benchPackage.name} (${benchPackage.directory})`);
  suites.push(await runSuite(benchPackage, Math.min(SUITE_SECONDS, left)));
}

const report = {
  command: 'pnpm bench',
  measuredAt: new Date(startedAt).toISOString(),
  durationSeconds: Math.round((Date.now() - startedAt) / 100) / 10,
  machine: { ...describeMachine(), loadAverage: { start: loadAtStart, end: loadAverage() } },
  ...describeSoftware(root),
  note: process.env.BENCH_NOTE || null,
  suites,
};
writeFileSync(path.join(root, 'BENCHMARKS.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(path.join(root, 'BENCHMARKS.md'), renderMarkdown(report));
// The tree's one formatter lays out the tables, so `biome ci .` passes on the committed report.
spawnSync('pnpm', ['exec', 'biome', 'format', '--write', 'BENCHMARKS.md', 'BENCHMARKS.json'], {
  cwd: root,
  stdio: 'ignore',
});
console.log(`\n── bench: ${suites.map((suite) => `${suite.suite} ${suite.status}`).join(', ')}`);
console.log(`written BENCHMARKS.md and BENCHMARKS.json in ${report.durationSeconds} s`);

/** Workspace packages with a `bench` script: packages first, then apps. */
function findBenchPackages() {
  return ['packages', 'apps'].flatMap((group) => {
    const groupDirectory = path.join(root, group);
    if (!existsSync(groupDirectory)) return [];
    return readdirSync(groupDirectory)
      .sort()
      .flatMap((name) => {
        const manifest = path.join(groupDirectory, name, 'package.json');
        if (!existsSync(manifest)) return [];
        const { name: packageName, scripts } = JSON.parse(readFileSync(manifest, 'utf8'));
        if (!scripts?.bench) return [];
        return [{ name: packageName, directory: `${group}/${name}`, shortName: name }];
      });
  });
}

/** Runs one package's bench within `seconds` and reads what it wrote; never throws. */
async function runSuite(benchPackage, seconds) {
  const base = {
    suite: benchPackage.shortName,
    package: benchPackage.name,
    directory: benchPackage.directory,
    command: `pnpm --filter ${benchPackage.name} bench`,
    title: null,
    measuredAt: null,
    rows: [],
  };
  if (seconds < 10) {
    return {
      ...base,
      status: 'skipped',
      exitCode: null,
      durationSeconds: 0,
      outputTail: [],
      problem: 'no time left in the budget',
    };
  }
  const began = Date.now();
  const run = await runBench(path.join(root, benchPackage.directory), seconds);
  const durationSeconds = Math.round((Date.now() - began) / 100) / 10;
  const read = readResults(path.join(root, benchPackage.directory, 'bench', 'results.json'), began);
  const results = read.results
    ? {
        title: read.results.title,
        measuredAt: read.results.measuredAt,
        rows: read.results.rows.map(compareRow),
      }
    : {};
  const { status, problem } = outcome(run, read, seconds);
  return {
    ...base,
    ...results,
    ...(read.results?.details === undefined ? {} : { details: read.results.details }),
    status,
    exitCode: run.exitCode,
    durationSeconds,
    outputTail: status === 'ok' ? [] : run.outputTail,
    ...(problem ? { problem } : {}),
  };
}

/** How a suite ended, and what went wrong if anything did. */
function outcome(run, read, seconds) {
  if (run.timedOut) return { status: 'timed out', problem: `stopped after ${Math.round(seconds)} s` };
  if (run.exitCode !== 0) return { status: 'failed', problem: `exited with ${run.exitCode ?? run.signal}` };
  if (read.problem) return { status: 'no results', problem: read.problem };
  return { status: 'ok', problem: undefined };
}

/** `pnpm run bench` in its own process group, output passed through, killed at the deadline. */
function runBench(directory, seconds) {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['run', 'bench'], {
      cwd: directory,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let output = '';
    const keep = (chunk, stream) => {
      stream.write(chunk);
      output = (output + chunk.toString()).slice(-16_384);
    };
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 10_000).unref();
    }, seconds * 1000);
    child.once('error', (error) => {
      output += `\n${error.message}`;
    });
    // Whatever the bench left behind in its group (a server, client processes) goes with it.
    child.once('exit', () => killGroup(child, 'SIGTERM'));
    child.once('close', (exitCode, signal) => {
      clearTimeout(deadline);
      running = null;
      const outputTail = output.trimEnd().split('\n').slice(-OUTPUT_TAIL_LINES);
      resolve({ exitCode, signal, timedOut, outputTail });
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** The results a bench wrote since `since`, or why there are none. */
function readResults(file, since) {
  if (!existsSync(file)) return { problem: 'wrote no bench/results.json' };
  let results;
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { problem: `bench/results.json is not JSON: ${error.message}` };
  }
  if (!(Date.parse(results?.measuredAt) >= since)) {
    return { problem: `bench/results.json is from an earlier run (${results?.measuredAt})` };
  }
  const wellFormed =
    typeof results.title === 'string' &&
    Array.isArray(results.rows) &&
    results.rows.every(
      (row) =>
        typeof row?.figure === 'string' &&
        typeof row.unit === 'string' &&
        (typeof row.value === 'number' || row.value === null) &&
        (row.better === 'higher' || row.better === 'lower'),
    );
  if (!wellFormed) return { problem: 'bench/results.json is not in the shape of scripts/bench-results.ts' };
  return { results };
}
