/**
 * The child-process launcher with REAL processes (the fixture scripts in fixtures/tasks), driven
 * through the job runner over an in-memory store: what a task does ends in the right job state,
 * with the reason in its narrative.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CockpitStore, isDomainError, type JobStatus } from '@lukhas/core';
import { createJobRunner, isJobRunnerError, type JobRunner } from '@lukhas/job-runner';
import { memoryStore } from '@lukhas/persistence/testing';
import {
  createChildProcessLauncher,
  createTaskLauncher,
  loadTaskFile,
  parseTaskSettings,
} from '@lukhas/tasks';
import { createTempDirs, isProcessAlive, waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it, vi } from 'vitest';

const fixtures = path.join(import.meta.dirname, 'fixtures', 'tasks');
const tempDirs = createTempDirs();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  tempDirs.removeAll();
});

type TaskSpec = { command: string[]; cwd?: string; timeoutSeconds?: number; env?: Record<string, string> };

/** A temporary repository with the given tasks, a runner over an in-memory store, and its launcher. */
async function setup(tasks: Record<string, TaskSpec>, options: { cancelGraceMs?: number } = {}) {
  const root = tempDirs.make('cockpit-launcher-');
  mkdirSync(path.join(root, 'evals'));
  const file = path.join(root, 'cockpit.tasks.json');
  writeFileSync(file, JSON.stringify(tasks));
  const { store, close } = await memoryStore();
  const launcher = createChildProcessLauncher({ taskFile: loadTaskFile({ file, repoRoot: root }) });
  const runner = createJobRunner({
    store,
    launcher,
    progressThrottleMs: 0,
    cancelGraceMs: options.cancelGraceMs ?? 300,
  });
  cleanups.push(close, () => runner.stop());
  return { root, store, runner };
}

function node(script: string, ...args: string[]): string[] {
  return [process.execPath, path.join(fixtures, script), ...args];
}

async function runToEnd(
  runner: JobRunner,
  store: CockpitStore,
  taskId: string,
  configId: string | null = null,
) {
  const job = await runner.submit({ taskId, configId }, 'alice');
  await runner.idle();
  const done = await store.getJob(job.jobId);
  if (done === undefined) throw new Error('job vanished');
  return { job: done, narrative: (await store.narrativeFor(job.jobId)).map((entry) => entry.message) };
}

/** Waits until the stored job has `status`. */
async function waitForStatus(store: CockpitStore, jobId: string, status: JobStatus): Promise<void> {
  await waitFor(async () => (await store.getJob(jobId))?.status === status, {
    message: `job ${jobId} to reach ${status}`,
  });
}

describe('child-process launcher', () => {
  it('runs a task: progress lines become progress, the result line the result, the rest a log tail', async () => {
    process.env.LUKHAS_MCP_API_KEYS = 'secret-key';
    cleanups.push(() => {
      delete process.env.LUKHAS_MCP_API_KEYS;
    });
    const { root, store, runner } = await setup({
      eval: { command: node('eval-success.mjs', '--config={configId}'), cwd: 'evals' },
    });
    const { job, narrative } = await runToEnd(runner, store, 'eval', 'cfg-7');
    expect(job.status).toBe('completed');
    expect(job.result).toEqual({
      score: 0.93,
      configId: 'cfg-7',
      argv: ['--config=cfg-7'],
      jobId: job.jobId,
      cwd: path.join(root, 'evals'),
      apiKeysVisible: false,
    });
    expect(job.details).toMatchObject({
      exitCode: 0,
      signal: null,
      logTail: 'loading weights\ndone',
      stderrTail: 'a warning on stderr',
    });
    expect(job).toMatchObject({ progress: 1, message: 'scored' });
    expect(narrative).toEqual([
      'eval "eval" → queued for processing',
      'eval "eval" → running',
      `${job.jobId} → 25% (batch 1/4)`,
      `${job.jobId} → 50% (batch 1/4)`,
      `${job.jobId} → 50% (halfway)`,
      `${job.jobId} → 100% (scored)`,
      expect.stringMatching(new RegExp(`^${job.jobId} → completed successfully \\(`)),
    ]);
  });

  it('fails a task that exits 2, with the exit status and the stderr tail in the reason and narrative', async () => {
    const { store, runner } = await setup({ broken: { command: node('eval-fail.mjs') } });
    const { job, narrative } = await runToEnd(runner, store, 'broken');
    expect(job.status).toBe('failed');
    expect(job.error).toBe('exit code 2: frame 79 | frame 80 | ValueError: unknown config "nope"');
    expect(job.details).toMatchObject({ exitCode: 2, signal: null });
    const stderrTail = String(job.details?.stderrTail);
    expect(stderrTail.split('\n')).toHaveLength(50);
    expect(stderrTail.endsWith('ValueError: unknown config "nope"')).toBe(true);
    expect(narrative.at(-1)).toMatch(
      new RegExp(
        `^${job.jobId} → failed: exit code 2: frame 79 \\| frame 80 \\| ValueError: unknown config "nope" \\(`,
      ),
    );
    const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`job/${job.jobId}`] } });
    expect(events.at(-1)?.data).toMatchObject({ status: 'failed', exitCode: 2, signal: null });
  });

  it('kills a task that hangs past its timeout (SIGTERM ignored, SIGKILL after the grace) and fails it', async () => {
    const { store, runner } = await setup(
      { stuck: { command: node('eval-hang.mjs', '--ignore-term'), timeoutSeconds: 0.5 } },
      { cancelGraceMs: 200 },
    );
    const started = Date.now();
    const { job, narrative } = await runToEnd(runner, store, 'stuck');
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(job).toMatchObject({ status: 'failed', error: 'timed out after 0.5s' });
    expect(job.details).toMatchObject({ exitCode: null, signal: 'SIGKILL', logTail: 'ignoring SIGTERM' });
    expect(narrative.at(-1)).toMatch(new RegExp(`^${job.jobId} → failed: timed out after 0.5s \\(`));
  });

  it('cancels a running task: SIGTERM, then SIGKILL for the whole group after the grace period', async () => {
    const { root, store, runner } = await setup(
      {
        stubborn: {
          command: node('eval-hang.mjs', '--ignore-term', '--grandchild', 'grandchild.pid'),
          cwd: 'evals',
        },
      },
      { cancelGraceMs: 400 },
    );
    const submitted = await runner.submit({ taskId: 'stubborn' }, 'alice');
    await waitForStatus(store, submitted.jobId, 'running');
    const grandchildFile = path.join(root, 'evals', 'grandchild.pid');
    await waitFor(async () => (await store.getJob(submitted.jobId))?.progress === 0.1, {
      message: 'the task to report its grandchild',
    });
    const grandchild = Number(readFileSync(grandchildFile, 'utf8'));
    cleanups.push(() => {
      if (isProcessAlive(grandchild)) process.kill(grandchild, 'SIGKILL');
    });
    expect(isProcessAlive(grandchild)).toBe(true);

    const started = Date.now();
    const cancelled = await runner.cancel(submitted.jobId, { operator: 'bob', reason: 'wrong config' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: 'wrong config' });
    expect(cancelled.details).toMatchObject({ signal: 'SIGKILL', logTail: 'ignoring SIGTERM' });
    const narrative = (await store.narrativeFor(submitted.jobId)).map((entry) => entry.message);
    expect(narrative.at(-1)).toMatch(
      new RegExp(`^${submitted.jobId} → cancelled by operator: wrong config \\(`),
    );
    // Gone after the cancel: the kill reaches the whole process group. How soon is the machine's
    // business (a loaded machine reaps late), so the wait is generous; a grandchild the kill missed
    // would still be alive after it.
    await waitFor(() => !isProcessAlive(grandchild), { timeoutMs: 15_000 }).catch(() => undefined);
    expect(isProcessAlive(grandchild)).toBe(false);
    await expect(runner.cancel(submitted.jobId, { operator: 'bob' })).rejects.toSatisfy((error) =>
      isDomainError(error, 'ILLEGAL_JOB_TRANSITION'),
    );
  });

  it('fails a task killed by a signal, naming the signal', async () => {
    const { store, runner } = await setup({ crash: { command: node('eval-crash.mjs') } });
    const { job, narrative } = await runToEnd(runner, store, 'crash');
    expect(job).toMatchObject({ status: 'failed', error: 'killed by signal SIGKILL: segfault imminent' });
    expect(job.details).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
    expect(narrative.at(-1)).toMatch(/failed: killed by signal SIGKILL: segfault imminent/);
  });

  it('fails a task whose program does not exist, saying so', async () => {
    const { root, store, runner } = await setup({
      ghost: { command: ['cockpit-no-such-program-xyz', '--help'] },
    });
    const { job } = await runToEnd(runner, store, 'ghost');
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      `could not start "cockpit-no-such-program-xyz" in ${root}: spawn cockpit-no-such-program-xyz ENOENT`,
    );
  });

  it('refuses an unknown task id, listing the known ones', async () => {
    const { store, runner } = await setup({
      smoke: { command: ['true'] },
      'full-eval': { command: ['true'] },
    });
    const error = await runner.submit({ taskId: 'smoke-test' }, 'alice').catch((caught: unknown) => caught);
    expect(isJobRunnerError(error, 'UNKNOWN_TASK')).toBe(true);
    expect((error as Error).message).toBe('Unknown task "smoke-test"; known tasks: full-eval, smoke');
    expect(await store.listJobs()).toEqual([]);
  });

  it('keeps bounded tails of a task that prints far too much', async () => {
    const { store, runner } = await setup({ chatty: { command: node('eval-chatty.mjs') } });
    const { job } = await runToEnd(runner, store, 'chatty');
    expect(job).toMatchObject({ status: 'completed', result: { lines: 5000 } });
    const logTail = String(job.details?.logTail);
    const stderrTail = String(job.details?.stderrTail);
    for (const tail of [logTail, stderrTail]) {
      expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(8 * 1024);
      expect(tail.split('\n').length).toBeLessThanOrEqual(50);
    }
    expect(stderrTail.endsWith('the last stderr words')).toBe(true);
    expect(logTail.endsWith('x'.repeat(100))).toBe(true);
  });

  it('gives a task only the allow-listed environment, its own env and the job variables: no cockpit secret', async () => {
    const root = tempDirs.make('cockpit-env-');
    const file = path.join(root, 'cockpit.tasks.json');
    writeFileSync(
      file,
      JSON.stringify({
        env: { command: node('eval-env.mjs'), env: { EVAL_MODE: 'full', PYTHONUNBUFFERED: '1' } },
      }),
    );
    const secrets = {
      // Long enough never to turn up by chance (a job id, a PATH) where the check looks for it.
      LUKHAS_MCP_API_KEYS: 'api-key-not-for-tasks',
      PROM_BEARER: 'prom-token',
      LUKHAS_CANARY_WEBHOOK_SECRET: 'hook-secret',
      LUKHAS_CANARY_WEBHOOK_ON_PROMOTE: 'https://hooks.example.com/t0k3n',
      LUKHAS_CANARY_WEBHOOK_CONFIRM: 'https://hooks.example.com/c0nf1rm',
      LUKHAS_MCP_DB: '/srv/cockpit/lukhas-mcp.db',
      OPENAI_API_KEY: 'sk-not-for-tasks',
      AWS_SECRET_ACCESS_KEY: 'aws-not-for-tasks',
      NODE_OPTIONS: '--inspect=9229',
      HF_HOME: '/srv/hf',
    };
    const passed = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: '/home/eval',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      TZ: 'UTC',
      TMPDIR: '/tmp',
    };
    // Also in this process's own environment, where a launcher could wrongly read them from.
    for (const [name, value] of Object.entries({ ...secrets, ...passed })) vi.stubEnv(name, value);
    cleanups.push(() => {
      vi.unstubAllEnvs();
    });
    const env = {
      ...passed,
      ...secrets,
      LUKHAS_TASKS_FILE: file,
      LUKHAS_TASK_ENV_ALLOW: 'HF_HOME,CUDA_*',
      CUDA_VISIBLE_DEVICES: '0',
    };
    const { launcher } = createTaskLauncher(parseTaskSettings(env, { repoRoot: root, cwd: root }));
    const { store, close } = await memoryStore();
    const runner = createJobRunner({ store, launcher, progressThrottleMs: 0 });
    cleanups.push(close, () => runner.stop());

    const { job } = await runToEnd(runner, store, 'env', 'cfg-7');
    expect(job.status).toBe('completed');
    const childEnv = (job.result as { env: Record<string, string> }).env;
    expect(childEnv).toEqual({
      ...passed,
      HF_HOME: '/srv/hf',
      CUDA_VISIBLE_DEVICES: '0',
      EVAL_MODE: 'full',
      PYTHONUNBUFFERED: '1',
      LUKHAS_JOB_ID: job.jobId,
      LUKHAS_TASK_ID: 'env',
      LUKHAS_CONFIG_ID: 'cfg-7',
    });
    const printed = JSON.stringify(childEnv);
    for (const secret of Object.values(secrets).filter((value) => value !== '/srv/hf')) {
      expect(printed).not.toContain(secret);
    }
  });
});
