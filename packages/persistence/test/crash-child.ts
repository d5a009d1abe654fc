/**
 * Child process of crash-recovery.test.ts: records one transition, then starts a second one and
 * freezes inside its transaction, just before the insert into `events`, until it is killed.
 *
 * Usage: node --import tsx test/crash-child.ts <database file>
 */
import { statSync, writeSync } from 'node:fs';
import type { KyselyPlugin } from 'kysely';
import { createCockpitStore, migrateToLatest, openDatabase } from '../src/index.ts';
import { job, jobTransition, T0 } from '../src/testing.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: crash-child.ts <database file>');

let armed = false;
const freezeBeforeEventInsert: KyselyPlugin = {
  transformQuery({ node }) {
    if (armed && node.kind === 'InsertQueryNode' && node.into?.table.identifier.name === 'events') {
      writeSync(1, 'FROZEN_INSIDE_TRANSACTION\n');
      // Block the whole process synchronously: the transaction stays open until SIGKILL.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
    return node;
  },
  async transformResult({ result }) {
    return result;
  },
};

const db = openDatabase({ file, plugins: [freezeBeforeEventInsert] });
await migrateToLatest(db, { file });
const store = createCockpitStore(db);
await store.recordTransition(jobTransition(job('job_before', T0), T0));
writeSync(1, `COMMITTED_FIRST wal=${statSync(`${file}-wal`).size}\n`);

armed = true;
// Larger than better-sqlite3's 16 MB page cache, so uncommitted pages spill into the WAL before the crash.
const doomed = job('job_doomed', T0 + 1000, { details: { blob: 'x'.repeat(20_000_000) } });
await store.recordTransition(jobTransition(doomed, T0 + 1000));
writeSync(1, 'UNREACHABLE\n');
