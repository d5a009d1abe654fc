/**
 * A real crash in the middle of a group-committed batch: a child process records job transitions
 * from 300 concurrent writers on a SQLite file, printing each event id once its promise resolved,
 * and is SIGKILLed while frozen inside a batch's transaction. The reopened file must hold whole
 * transitions only (job row, audit row, narrative line and event together, or none of them) and
 * every transition whose promise resolved.
 */
// SQLite only: the child writes a database file; PostgreSQL's crash safety is the server's own.
import { join } from 'node:path';
import { createTempDirs, startProcess, waitFor } from '@lukhas/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, 'fixtures', 'group-commit-child.ts');
const temp = createTempDirs();
afterEach(() => temp.removeAll());

/** The `STORED <id> <jobId>` lines: the transitions whose promise resolved before the kill. */
function resolvedTransitions(output: string): Map<number, string> {
  const resolved = new Map<number, string>();
  for (const [, id, jobId] of output.matchAll(/^STORED (\d+) (\S+)$/gm))
    resolved.set(Number(id), jobId as string);
  return resolved;
}

describe('group commit: kill -9 mid-batch', () => {
  it('keeps every resolved transition and loses only whole transitions of the interrupted batch', async () => {
    const file = join(temp.make('persistence-group-crash-'), 'cockpit.db');
    const child = await startProcess({
      script: CHILD,
      args: [file],
      ready: /^READY$/m,
      name: 'group-commit child',
    });
    let exited = false;
    void child.exited.then(() => {
      exited = true;
    });
    await waitFor(() => exited || child.output().includes('FROZEN_MID_BATCH'), {
      timeoutMs: 120_000,
      message: () => `the child to freeze mid-batch; its output ends with:\n${child.output().slice(-2_000)}`,
    });
    expect(exited, `the child exited before freezing:\n${child.output().slice(-2_000)}`).toBe(false);
    await child.kill();
    expect((await child.exited).signal).toBe('SIGKILL');
    const resolved = resolvedTransitions(child.output());
    expect(resolved.size).toBeGreaterThanOrEqual(2_000);

    const raw = new BetterSqlite3(file);
    expect(raw.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const ids = (query: string) => raw.prepare(query).pluck().all() as string[];
    const jobs = ids('SELECT job_id FROM jobs ORDER BY job_id');
    // Whole transitions: the same jobs, once each, in all four tables.
    expect(ids('SELECT entity_id FROM audits ORDER BY entity_id')).toEqual(jobs);
    expect(ids('SELECT entity_id FROM audits_narrative ORDER BY entity_id')).toEqual(jobs);
    expect(ids('SELECT entity_id FROM events ORDER BY entity_id')).toEqual(jobs);
    // Every resolved transition is stored, under the id its caller was given.
    const stored = new Map(
      (raw.prepare('SELECT id, entity_id FROM events').all() as { id: number; entity_id: string }[]).map(
        (row) => [row.id, row.entity_id],
      ),
    );
    for (const [id, jobId] of resolved) expect(stored.get(id)).toBe(jobId);
    // Event ids without gaps: no half-batch left an id behind.
    const eventIds = [...stored.keys()].sort((a, b) => a - b);
    expect(eventIds).toEqual(Array.from({ length: eventIds.length }, (_, index) => index + 1));
    // And nothing else: the frozen batch had written all of its rows and some of its events, and
    // none of it survived. (Every batch before it committed, and its callers printed their ids, long
    // before the freeze: the frozen batch's rows and 40 event INSERTs came after.)
    expect(jobs).toEqual([...resolved.values()].sort());
    raw.close();
  }, 180_000);
});
