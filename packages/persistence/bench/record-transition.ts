/**
 * Persistence throughput: how many atomic transitions (state + audit + narrative + event) per
 * second, for the two shapes the engines write most (a canary sample, a job progress report), on a
 * temp-file SQLite database (WAL) with and without the prepared-statement cache, and on a
 * throwaway PostgreSQL cluster (Debian's server, started here like the tests start it: fsync off),
 * all in the same run. Prints figures and writes them to bench/results.json; never fails the build.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { BenchResults } from '../../../scripts/bench-results.ts';
import type { Database } from '../src/database-schema.ts';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '../src/index.ts';
import { openPostgresDatabase } from '../src/open-postgres.ts';
import {
  canary,
  canaryTransition,
  job,
  jobTransition,
  sample,
  startPostgresCluster,
  T0,
} from '../src/testing.ts';

const TRANSITIONS = 5_000;

type Rates = { samplesPerSecond: number; progressPerSecond: number };

/** SQLite in a temp file, with or without the statement cache. */
async function measureSqlite(cacheStatements: boolean): Promise<Rates> {
  const directory = mkdtempSync(path.join(tmpdir(), 'persistence-bench-'));
  const file = path.join(directory, 'bench.db');
  const db = openDatabase({ file, cacheStatements });
  await migrateToLatest(db, { file });
  try {
    return await measure(db);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A fresh database on a throwaway local PostgreSQL cluster. */
async function measurePostgres(): Promise<Rates> {
  const cluster = await startPostgresCluster();
  try {
    const db = await openPostgresDatabase({ url: await cluster.createDatabase() });
    await migrateToLatest(db);
    return await measure(db);
  } finally {
    await cluster.stop();
  }
}

/** Both shapes, one transition at a time, each awaited as the engines do; closes `db`. */
async function measure(db: Kysely<Database>): Promise<Rates> {
  const store = createCockpitStore(db);
  try {
    const record = canary('canary_bench', 'bench-model', T0);
    await store.recordTransition(canaryTransition(record, T0, 'started'));
    let started = performance.now();
    for (let seq = 1; seq <= TRANSITIONS; seq += 1) {
      const taken = sample({ canaryId: record.canaryId, modelId: record.modelId }, seq, T0 + seq, {
        latency: 200 + (seq % 50),
        errorRate: 0.001,
      });
      await store.recordTransition({
        at: T0 + seq,
        operator: 'system',
        sample: taken,
        audit: { action: 'canary.metric', details: { seq } },
        narrative: { eventType: 'metric', message: `canary ${record.modelId} → sample ${seq} ok` },
        event: { type: 'metric', data: { canaryId: record.canaryId, seq } },
      });
    }
    const samplesPerSecond = TRANSITIONS / ((performance.now() - started) / 1000);

    const running = job('job_bench', T0, { status: 'running' });
    await store.recordTransition(jobTransition(running, T0, 'running'));
    started = performance.now();
    for (let step = 1; step <= TRANSITIONS; step += 1) {
      const progressed = {
        ...running,
        progress: step / TRANSITIONS,
        updatedAt: new Date(T0 + step).toISOString(),
      };
      await store.recordTransition(jobTransition(progressed, T0 + step, 'progress'));
    }
    const progressPerSecond = TRANSITIONS / ((performance.now() - started) / 1000);
    return { samplesPerSecond, progressPerSecond };
  } finally {
    await closeDatabase(db);
  }
}

const uncached = await measureSqlite(false);
const cached = await measureSqlite(true);
const postgres = await measurePostgres();
const round = (value: number) => Math.round(value);
console.log(`persistence: ${TRANSITIONS} atomic transitions per shape, temp-file SQLite (WAL)`);
console.table({
  'canary sample (transitions/s)': {
    'statement cache': round(cached.samplesPerSecond),
    'no cache': round(uncached.samplesPerSecond),
    ratio: (cached.samplesPerSecond / uncached.samplesPerSecond).toFixed(2),
  },
  'job progress (transitions/s)': {
    'statement cache': round(cached.progressPerSecond),
    'no cache': round(uncached.progressPerSecond),
    ratio: (cached.progressPerSecond / uncached.progressPerSecond).toFixed(2),
  },
});
console.table({
  'canary sample (transitions/s)': {
    PostgreSQL: round(postgres.samplesPerSecond),
    SQLite: round(cached.samplesPerSecond),
  },
  'job progress (transitions/s)': {
    PostgreSQL: round(postgres.progressPerSecond),
    SQLite: round(cached.progressPerSecond),
  },
});

const results: BenchResults = {
  suite: 'persistence',
  title:
    `${TRANSITIONS} atomic transitions (state + audit + narrative + event) per shape: temp-file ` +
    'SQLite (WAL) with the prepared-statement cache on vs off, and a local PostgreSQL beside SQLite',
  command: 'pnpm --filter @lukhas/persistence bench',
  measuredAt: new Date().toISOString(),
  rows: [
    {
      figure: 'canary sample, statement cache on',
      unit: 'transitions/s',
      value: round(cached.samplesPerSecond),
      comparison: { label: 'statement cache off', value: round(uncached.samplesPerSecond) },
      better: 'higher',
    },
    {
      figure: 'job progress, statement cache on',
      unit: 'transitions/s',
      value: round(cached.progressPerSecond),
      comparison: { label: 'statement cache off', value: round(uncached.progressPerSecond) },
      better: 'higher',
    },
    {
      figure: 'canary sample, PostgreSQL',
      unit: 'transitions/s',
      value: round(postgres.samplesPerSecond),
      comparison: { label: 'SQLite, statement cache on', value: round(cached.samplesPerSecond) },
      better: 'higher',
      note: 'a throwaway local PostgreSQL 15 cluster over TCP loopback, fsync off (as in the tests); one transition awaited at a time',
    },
    {
      figure: 'job progress, PostgreSQL',
      unit: 'transitions/s',
      value: round(postgres.progressPerSecond),
      comparison: { label: 'SQLite, statement cache on', value: round(cached.progressPerSecond) },
      better: 'higher',
    },
  ],
};
const file = path.join(import.meta.dirname, 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`written to ${file}`);
