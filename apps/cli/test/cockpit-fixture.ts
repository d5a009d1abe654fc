/**
 * A temp-file cockpit database filled through the real store's `recordTransition`: two jobs and a
 * canary of matriz-v3 run under configs/slo-strict.json and rolled back at its sixth sample
 * (latency 600 ms > 500), which configs/slo-prod.json (800 ms, 5 samples) would have promoted.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CanaryRecord, SloPolicy, TransitionRecord } from '@lukhas/core';
import { canary, fileStore, job, jobTransition, recordCanaryRun, sample } from '@lukhas/persistence/testing';

/** 2025-09-28 14:00:00 UTC: the canary starts here. */
export const T0 = Date.UTC(2025, 8, 28, 14, 0, 0);
export const CLI_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(CLI_DIR, '../..');

const run = promisify(execFile);

/** Runs the real CLI; never rejects, resolves with the exit code and output. */
export async function cockpit(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      // The bin runs the CLI compiled from this workspace: it works from any working directory.
      [path.join(CLI_DIR, 'bin/cockpit.mjs'), ...args],
      {
        cwd: options.cwd ?? CLI_DIR,
        env: { ...process.env, LUKHAS_MCP_DB: '', PROM_URL: '', ...options.env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** A job that ended with `status`, recorded as one transition named after it. */
function ended(jobId: string, at: number, status: 'completed' | 'failed'): TransitionRecord {
  const record = job(jobId, at, {
    status,
    progress: status === 'completed' ? 1 : null,
    error: status === 'failed' ? 'exit 1' : null,
    operator: 'ops',
  });
  return jobTransition(record, at, status, { message: `eval "${record.taskId}" → ${status}` });
}

/** Creates the database in a new temp directory; returns the directory and the file. */
export async function filledDatabase(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cockpit-cli-'));
  const file = path.join(dir, 'cockpit.db');
  const { store, close } = await fileStore(file);
  await store.recordTransition(ended('job_ok', T0 - 60_000, 'completed'));
  await store.recordTransition(ended('job_bad', T0 - 30_000, 'failed'));

  const policy = JSON.parse(
    await readFile(path.join(REPO_ROOT, 'configs/slo-strict.json'), 'utf8'),
  ) as SloPolicy;
  const running = canary('canary_strict', 'matriz-v3', T0, { policy, operator: 'ops' });
  const latencies = [300, 310, 320, 330, 340, 600];
  await recordCanaryRun(store, {
    canary: running,
    samples: latencies.map((latency, index) =>
      sample(
        running,
        index + 1,
        T0 + (index + 1) * 30_000,
        { latency, errorRate: 0.001, drift: 0.01 },
        policy.targets,
      ),
    ),
    decision: {
      at: T0 + 180_000,
      summary: { outcome: 'rollback', rule: 'breach_limit', reason: 'latency_p95_ms 600 > 500' },
      math: { summary: 'rolled back at sample 6' } as unknown as CanaryRecord['math'],
    },
  });
  await close();
  return { dir, file };
}
