/**
 * A real crash: a child process is SIGKILLed inside recordTransition's transaction, after the
 * job, audit and narrative inserts ran. The database must come back intact with none of them.
 */
// SQLite only for now: the child opens a database file; a PostgreSQL crash test belongs to the fleet tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCockpitStore, migrateToLatest, openDatabase } from '../src/index.ts';
import { job, jobTransition, T0 } from '../src/testing.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Runs the child until it reports being frozen inside the transaction, then kills it. */
async function crashChildInsideTransaction(file: string): Promise<{ signal: string | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-child.ts'), file], {
    cwd: dirname(here),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<string | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('FROZEN_INSIDE_TRANSACTION')) resolve();
    });
    child.on('exit', () => reject(new Error(`child exited before freezing:\n${output}`)));
  });
  child.kill('SIGKILL');
  return { signal: await exited, output };
}

describe('crash inside recordTransition', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'persistence-crash-'));
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('leaves no trace of the interrupted transition and keeps the committed one', async () => {
    const file = join(directory, 'cockpit.db');
    const { signal, output } = await crashChildInsideTransaction(file);
    expect(signal).toBe('SIGKILL');
    const walAfterFirstCommit = Number(/COMMITTED_FIRST wal=(\d+)/.exec(output)?.[1]);
    expect(walAfterFirstCommit).toBeGreaterThan(0);
    expect(output).not.toContain('UNREACHABLE');
    // The interrupted transaction had spilled pages into the WAL: recovery must ignore them.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(walAfterFirstCommit);

    const raw = new BetterSqlite3(file);
    expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(raw.prepare('SELECT job_id FROM jobs').pluck().all()).toEqual(['job_before']);
    for (const table of ['audits', 'audits_narrative', 'events']) {
      expect(raw.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(1);
    }
    raw.close();

    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const store = createCockpitStore(db);
    expect(await store.getJob('job_doomed')).toBeUndefined();
    expect(await store.getJob('job_before')).toEqual(job('job_before', T0));
    expect(await store.narrativeFor('job_doomed')).toEqual([]);
    const events = await store.eventsAfter({ afterId: 0, selection: { all: true } });
    expect(events.map((event) => [event.id, event.entityId])).toEqual([[1, 'job_before']]);
    const next = await store.recordTransition(jobTransition(job('job_after', T0 + 2000), T0 + 2000));
    expect(next.id).toBe(2);
    await db.destroy();
  }, 30_000);
});
