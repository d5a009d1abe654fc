/**
 * Child process of job-restart.test.ts: a cockpit's job side on a FILE database, composed as the
 * server composes it. It recovers, submits a long job and a quick one (with
 * LUKHAS_MAX_CONCURRENT_JOBS=1 the quick one waits queued), prints their ids, and keeps running
 * until the test SIGKILLs it.
 *
 * Usage: node --import tsx test/job-restart-child.ts <database file> <repository root>
 */
import { writeSync } from 'node:fs';
import { createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createJobRuntime, parseTaskSettings } from '@lukhas/tasks';

const [file, repoRoot] = process.argv.slice(2);
if (file === undefined || repoRoot === undefined) {
  throw new Error('usage: job-restart-child.ts <database file> <repository root>');
}

const db = openDatabase({ file });
await migrateToLatest(db, { file });
const settings = parseTaskSettings(process.env, { repoRoot, cwd: process.cwd() });
const { runner } = createJobRuntime({ settings, store: createCockpitStore(db) });
await runner.recover();
const long = await runner.submit({ taskId: 'long', configId: 'cfg-long' }, 'alice');
const quick = await runner.submit({ taskId: 'quick', configId: 'cfg-quick' }, 'alice');
writeSync(1, `${JSON.stringify({ long: long.jobId, quick: quick.jobId })}\n`);
