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
import type { CanaryRecord, JobRecord, SloPolicy, StoredSample, TransitionRecord } from '@lukhas/core';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';

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
      ['--import', 'tsx', path.join(CLI_DIR, 'src/main.ts'), ...args],
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

function job(jobId: string, at: number, status: JobRecord['status']): JobRecord {
  const iso = new Date(at).toISOString();
  return {
    jobId,
    taskId: 'lukhas-agi-stress',
    configId: null,
    status,
    progress: status === 'completed' ? 1 : null,
    message: null,
    result: null,
    error: status === 'failed' ? 'exit 1' : null,
    details: null,
    operator: 'ops',
    createdAt: iso,
    updatedAt: iso,
    startedAt: null,
    finishedAt: null,
  };
}

function jobStep(record: JobRecord, at: number): TransitionRecord {
  return {
    at,
    operator: record.operator,
    job: record,
    audit: { action: `job.${record.status}`, details: { status: record.status } },
    narrative: { eventType: record.status, message: `eval "${record.taskId}" → ${record.status}` },
    event: { type: record.status, data: { jobId: record.jobId, status: record.status } },
  };
}

function canaryStep(record: CanaryRecord, at: number, type: string, sample?: StoredSample): TransitionRecord {
  return {
    at,
    operator: record.operator,
    canary: record,
    ...(sample === undefined ? {} : { sample }),
    audit: { action: `canary.${type}`, details: { status: record.status } },
    narrative: { eventType: type, message: `canary ${record.modelId} → ${type}` },
    event: { type: type as 'metric', data: { canaryId: record.canaryId, status: record.status } },
  };
}

function sample(canary: CanaryRecord, seq: number, at: number, latency: number): StoredSample {
  const breaches = latency > 500 ? [{ metric: 'latency_p95_ms' as const, value: latency, target: 500 }] : [];
  const values = { latency_p95_ms: latency, error_rate: 0.001, drift: 0.01 };
  return {
    canaryId: canary.canaryId,
    modelId: canary.modelId,
    gate: canary.toGate,
    seq,
    at,
    observed: values,
    values,
    fallback: false,
    fallbackReasons: {},
    breaches,
    breached: breaches.length > 0,
  };
}

/** Creates the database in a new temp directory; returns the directory and the file. */
export async function filledDatabase(): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cockpit-cli-'));
  const file = path.join(dir, 'cockpit.db');
  const db = openDatabase({ file });
  await migrateToLatest(db, { file });
  const store = createCockpitStore(db);
  await store.recordTransition(jobStep(job('job_ok', T0 - 60_000, 'completed'), T0 - 60_000));
  await store.recordTransition(jobStep(job('job_bad', T0 - 30_000, 'failed'), T0 - 30_000));

  const policy = JSON.parse(
    await readFile(path.join(REPO_ROOT, 'configs/slo-strict.json'), 'utf8'),
  ) as SloPolicy;
  const iso = new Date(T0).toISOString();
  const running: CanaryRecord = {
    canaryId: 'canary_strict',
    modelId: 'matriz-v3',
    fromGate: 'stage',
    toGate: 'production',
    status: 'running',
    policy,
    webhooks: null,
    operator: 'ops',
    createdAt: iso,
    updatedAt: iso,
    startedAt: iso,
    windowEndsAt: new Date(T0 + 300_000).toISOString(),
    decidedAt: null,
    decision: null,
    math: null,
    traffic: null,
  };
  await store.recordTransition(canaryStep(running, T0, 'started'));
  const latencies = [300, 310, 320, 330, 340, 600];
  for (const [index, latency] of latencies.entries()) {
    const at = T0 + (index + 1) * 30_000;
    await store.recordTransition(canaryStep(running, at, 'metric', sample(running, index + 1, at, latency)));
  }
  const decidedAt = new Date(T0 + 180_000).toISOString();
  const decided: CanaryRecord = {
    ...running,
    status: 'rolled_back',
    updatedAt: decidedAt,
    decidedAt,
    decision: { outcome: 'rollback', rule: 'breach_limit', reason: 'latency_p95_ms 600 > 500' },
    math: { summary: 'rolled back at sample 6' } as unknown as CanaryRecord['math'],
  };
  await store.recordTransition(canaryStep(decided, T0 + 180_000, 'rolled_back'));
  await closeDatabase(db);
  return { dir, file };
}
