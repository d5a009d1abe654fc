/**
 * `pnpm bench` (in apps/server), second part: the evidence export of BENCH_EVIDENCE_ROWS (default
 * 1,000,000) audit rows plus as many narrative lines, from a temp-file SQLite database through
 * writeEvidencePack into a sink that only counts bytes. Prints seconds and peak RSS (sampled every
 * 50 ms) against the RSS before the export, and merges its rows into bench/results.json next to
 * the MCP rows (the common shape, scripts/bench-results.ts); never asserts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { writeEvidencePack } from '@lukhas/evidence';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import Database from 'better-sqlite3';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';

const ROWS = Number(process.env.BENCH_EVIDENCE_ROWS ?? 1_000_000);
const GROUP = `evidence export, ${ROWS.toLocaleString('en-US')} audit + narrative rows`;
const T0 = Date.UTC(2025, 8, 1);

/** Fixture set-up only: one transaction, prepared statements, rows spread over 20 days. */
function fill(file: string): void {
  const sqlite = new Database(file);
  const audit = sqlite.prepare(
    'INSERT INTO audits (created_at, actor, action, entity_type, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const narrative = sqlite.prepare(
    'INSERT INTO audits_narrative (created_at, event_type, entity_id, entity_type, message, operator, context, model_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const step = Math.floor((20 * 86_400_000) / ROWS);
  sqlite.transaction(() => {
    for (let index = 0; index < ROWS; index += 1) {
      const iso = new Date(T0 + index * step).toISOString();
      const at = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
      const jobId = `job_${index.toString(36).padStart(8, '0')}`;
      audit.run(
        at,
        'system',
        'job.completed',
        'job',
        jobId,
        `{"status":"completed","progress":1,"n":${index}}`,
      );
      narrative.run(
        at,
        'completed',
        jobId,
        'job',
        `eval "lukhas-agi-stress" → completed (${index})`,
        'system',
        null,
        null,
      );
    }
  })();
  sqlite.close();
}

const dir = await mkdtemp(path.join(tmpdir(), 'evidence-bench-'));
try {
  const file = path.join(dir, 'cockpit.db');
  const db = openDatabase({ file });
  await migrateToLatest(db, { file });
  await closeDatabase(db);
  const fillStarted = performance.now();
  fill(file);
  const fillSeconds = (performance.now() - fillStarted) / 1000;
  console.log(`filled ${ROWS} audit + ${ROWS} narrative rows in ${fillSeconds.toFixed(1)} s`);

  const reader = openDatabase({ file });
  const store = createCockpitStore(reader);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  let zipBytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      zipBytes += chunk.length;
      callback();
    },
  });
  const loadBefore = loadavg()[0] ?? 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const summary = await writeEvidencePack({
    store,
    range: { from: T0, to: T0 + 30 * 86_400_000 },
    serverVersion: 'bench',
    generatedAt: Date.now(),
    output: sink,
  });
  const seconds = (performance.now() - started) / 1000;
  // CPU time of the whole process (deflate's thread pool included): steadier than wall time on a loaded machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await closeDatabase(reader);

  const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const uncompressed = summary.entries.reduce((total, entry) => total + entry.bytes, 0);
  console.log(
    `exported in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s CPU): ${mib(uncompressed)} MiB of entries → ${mib(zipBytes)} MiB zip; ` +
      `RSS ${mib(rssBefore)} MiB before, peak ${mib(peakRss)} MiB (+${mib(peakRss - rssBefore)} MiB)`,
  );
  for (const entry of summary.entries)
    console.log(`  ${entry.name}: ${entry.rows} rows, ${mib(entry.bytes)} MiB`);

  const rows: BenchRow[] = [
    {
      group: GROUP,
      figure: 'export time (zip to a counting sink)',
      unit: 's',
      value: Math.round(seconds * 10) / 10,
      better: 'lower',
      // The machine is shared: the 1-minute load average before and after says how much to trust a run.
      note: `${cpuSeconds.toFixed(1)} s of CPU; load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores`,
    },
    {
      group: GROUP,
      figure: 'peak RSS during the export',
      unit: 'MiB',
      value: mib(peakRss),
      comparison: { label: 'RSS before the export', value: mib(rssBefore) },
      better: 'lower',
      note: 'sampled every 50 ms; flat memory means the peak does not grow with the row count',
    },
    {
      group: GROUP,
      figure: 'zip size',
      unit: 'MiB',
      value: mib(zipBytes),
      better: 'lower',
      note: `${mib(uncompressed)} MiB uncompressed`,
    },
  ];
  const resultsFile = path.join(import.meta.dirname, 'results.json');
  const previous: BenchResults | undefined = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults)
    : undefined;
  const kept = (previous?.rows ?? []).filter((row) => !row.group?.startsWith('evidence export'));
  const title = `${(previous?.title ?? 'server').split(' + evidence export')[0]} + evidence export of ${ROWS} audit rows`;
  const results: BenchResults = {
    suite: 'server',
    title,
    command: 'pnpm --filter @lukhas/server bench',
    measuredAt: new Date().toISOString(),
    rows: [...kept, ...rows],
    // Kept: what the other server benches recorded (the fleet bench's failover times), so this one runs alone too.
    details: {
      ...((previous?.details as object | undefined) ?? {}),
      evidence: { fillSeconds, entries: summary.entries, zipBytes, rssBefore, peakRss, cpuSeconds },
    },
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`merged into ${resultsFile}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
