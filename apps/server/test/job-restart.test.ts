/**
 * A restart mid-job loses nothing and decides nothing twice, with REAL processes: a child process
 * runs the job runner on a file database and is SIGKILLed while one job runs and another waits;
 * the next start (here, the test itself) recovers from the same database.
 *
 * When the runner dies, its task's process (its own process group) survives it; the test kills it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CockpitStore, JobRecord } from '@lukhas/core';
import { createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createJobRuntime, parseTaskSettings } from '@lukhas/tasks';
import { afterEach, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(import.meta.dirname, 'fixtures', 'tasks');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the runner child and resolves with the job ids it printed. */
function startRunnerChild(
  env: Record<string, string>,
  databaseFile: string,
  repoRoot: string,
): Promise<{ child: ChildProcess; jobs: { long: string; quick: string } }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/job-restart-child.ts', databaseFile, repoRoot],
    { cwd: serverDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  cleanups.push(() => {
    child.kill('SIGKILL');
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"long"'));
      if (line !== undefined) resolve({ child, jobs: JSON.parse(line) });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`runner child exited with ${code}:\n${output}`)));
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 1500; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function terminalEvents(store: CockpitStore, jobId: string): Promise<string[]> {
  const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${jobId}`] } });
  return events
    .map((event) => event.type)
    .filter((type) => ['completed', 'failed', 'cancelled'].includes(type));
}

describe('job restart', () => {
  it('fails the job that was running as interrupted by restart, runs the queued one, decides nothing twice', async () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cockpit-restart-')));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const databaseFile = path.join(root, 'cockpit.db');
    const pidFile = path.join(root, 'long-task.pid');
    writeFileSync(
      path.join(root, 'cockpit.tasks.json'),
      JSON.stringify({
        long: { command: [process.execPath, path.join(fixtures, 'eval-hang.mjs'), '--pid-file', pidFile] },
        quick: { command: [process.execPath, path.join(fixtures, 'eval-success.mjs'), '{configId}'] },
      }),
    );
    const env = { LUKHAS_MAX_CONCURRENT_JOBS: '1', LUKHAS_JOB_CANCEL_GRACE_MS: '200' };

    // First life: the long job runs, the quick one waits; then the process dies without warning.
    const { child, jobs } = await startRunnerChild(env, databaseFile, root);
    const db = openDatabase({ file: databaseFile });
    cleanups.push(() => db.destroy());
    const store = createCockpitStore(db);
    await waitUntil(async () => (await store.getJob(jobs.long))?.progress === 0.1, 'the long task to report');
    expect((await store.getJob(jobs.quick))?.status).toBe('queued');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    // The task process outlives its runner (it has its own process group): clean it up.
    const taskPid = Number(readFileSync(pidFile, 'utf8'));
    cleanups.push(() => {
      if (isAlive(taskPid)) process.kill(-taskPid, 'SIGKILL');
    });
    expect(isAlive(taskPid)).toBe(true);
    process.kill(-taskPid, 'SIGKILL');
    expect((await store.getJob(jobs.long))?.status).toBe('running');

    // Second life, same database.
    await migrateToLatest(db, { file: databaseFile });
    const second = createJobRuntime({
      settings: parseTaskSettings(env, { repoRoot: root, cwd: root }),
      store,
    });
    cleanups.push(() => second.runner.stop());
    expect(second.launcher.mode).toBe('tasks');
    expect(await second.runner.recover()).toEqual({ interrupted: [jobs.long], resumed: [jobs.quick] });
    await second.runner.idle();

    const long = (await store.getJob(jobs.long)) as JobRecord;
    expect(long).toMatchObject({ status: 'failed', error: 'interrupted by restart', progress: 0.1 });
    expect((await store.narrativeFor(jobs.long)).map((entry) => entry.message)).toEqual([
      'eval "long" → queued for processing',
      'eval "long" → running',
      `${jobs.long} → 10% (running forever)`,
      `${jobs.long} → failed: interrupted by restart`,
    ]);
    const quick = (await store.getJob(jobs.quick)) as JobRecord;
    expect(quick).toMatchObject({
      status: 'completed',
      result: { configId: 'cfg-quick', argv: ['cfg-quick'] },
    });
    expect(await terminalEvents(store, jobs.long)).toEqual(['failed']);
    expect(await terminalEvents(store, jobs.quick)).toEqual(['completed']);

    // Third life: nothing left to decide.
    await second.runner.stop();
    const lastEventId = await store.lastEventId();
    const third = createJobRuntime({
      settings: parseTaskSettings(env, { repoRoot: root, cwd: root }),
      store,
    });
    cleanups.push(() => third.runner.stop());
    expect(await third.runner.recover()).toEqual({ interrupted: [], resumed: [] });
    expect(await store.lastEventId()).toBe(lastEventId);
  }, 60_000);
});
