/**
 * When batches start (at once for a lone writer, a few promise hops later for a crowd), then a real
 * crash in the middle of a group-committed batch: a child process records job transitions
 * from 300 concurrent writers on a SQLite file, printing each event id once its promise resolved,
 * and is SIGKILLed while frozen inside a batch's transaction. The reopened file must hold whole
 * transitions only (job row, audit row, narrative line and event together, or none of them) and
 * every transition whose promise resolved.
 */
// SQLite only: the child writes a database file; PostgreSQL's crash safety is the server's own.
import { join } from 'node:path';
import { setImmediate } from 'node:timers';
import { createSerialQueue } from '@lukhas/core';
import { createTempDirs, startProcess, waitFor } from '@lukhas/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

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

/** A group commit whose "commit" notes each batch (and `log` the order of things); results echo inputs. */
function recordingGroupCommit(log: string[] = []) {
  const batches: string[][] = [];
  const group = createGroupCommit<string, string>(createSerialQueue(), async (inputs) => {
    batches.push([...inputs]);
    // Statements take promise hops, as Kysely's do: others can submit meanwhile.
    await hops(10);
    log.push(`commit ${inputs.join(',')}`);
    return inputs.map((input) => ({ ok: true, value: input }));
  });
  return { group, batches, log };
}

/** `count` promise hops: how far apart the writes of one timer turn reach the store. */
async function hops(count: number): Promise<void> {
  for (let hop = 0; hop < count; hop += 1) await Promise.resolve();
}

describe('group commit: when a batch starts', () => {
  it('commits a lone writer awaiting each write without waiting for the event loop', async () => {
    const { group, log } = recordingGroupCommit();
    setImmediate(() => log.push('macrotask ended'));
    for (const input of ['a', 'b', 'c']) expect(await group.submit(input)).toBe(input);
    log.push('all three resolved');
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['commit a', 'commit b', 'commit c', 'all three resolved', 'macrotask ended']);
  });

  it('gathers what arrives while a batch commits into the next batch', async () => {
    const { group, batches } = recordingGroupCommit();
    const first = group.submit('a');
    await hops(5);
    const rest = ['b', 'c', 'd'].map((input) => group.submit(input));
    expect(await Promise.all([first, ...rest])).toEqual(['a', 'b', 'c', 'd']);
    expect(batches).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('after a batch of several, gathers the next crowd into one batch, within the macrotask', async () => {
    const log: string[] = [];
    const { group, batches } = recordingGroupCommit(log);
    await Promise.all(['a', 'b', 'c'].map((input) => group.submit(input)));
    setImmediate(() => log.push('macrotask ended'));
    // The next crowd reaches the store over many promise hops (a sample read, the engine's steps).
    const crowd = ['d', 'e', 'f'].map(async (input, index) => {
      await hops(index * 20);
      return group.submit(input);
    });
    expect(await Promise.all(crowd)).toEqual(['d', 'e', 'f']);
    // No turn of the event loop: a test stepping fake timers sees the commit at once.
    expect(log).not.toContain('macrotask ended');
    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    // A lone batch again: the next writer starts at once, as the first test's did.
    expect(await group.submit('g')).toBe('g');
    const late = group.submit('h');
    await hops(20);
    await group.submit('i');
    await late;
    expect(batches.slice(2)).toEqual([['g'], ['h'], ['i']]);
  });
});

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
