import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTempDirs, type RunningProcess, startProcess, waitFor } from '@lukhas/test-kit';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MAIN_FILE, SERVER_DIR } from './main-process.ts';

/**
 * Issue "engines", done-when: a server restart mid-job and mid-canary loses nothing and decides
 * nothing twice — with real processes: a cockpit process is SIGKILLed while a job runs and a canary
 * samples, then the real server (`src/main.ts`) boots on the same database file.
 */
const children: RunningProcess[] = [];
const tempDirs = createTempDirs();

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill();
  tempDirs.removeAll();
});

// A task that reports progress, records its pid (the test kills it: it outlives a SIGKILLed server
// because it runs in its own process group) and sleeps far longer than the test.
const LONG_TASK = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.env.PID_FILE, String(process.pid));
console.log(JSON.stringify({ progress: 0.1, message: 'warming up' }));
setTimeout(() => {}, 600_000);
`;

/** Runs `script` of this app with `env` and resolves once its output matches `ready`. */
async function runUntil(script: string, env: Record<string, string>, ready: RegExp): Promise<RunningProcess> {
  const child = await startProcess({
    script,
    cwd: SERVER_DIR,
    env: { ...process.env, ...env },
    ready,
    name: path.basename(script),
  });
  children.push(child);
  return child;
}

describe('server restart mid-job and mid-canary', { timeout: 120_000 }, () => {
  it('fails the interrupted job, finishes the canary from its stored samples, and decides once', async () => {
    const dir = tempDirs.make('cockpit-restart-');
    const pidFile = path.join(dir, 'task.pid');
    writeFileSync(path.join(dir, 'long-task.mjs'), LONG_TASK);
    writeFileSync(
      path.join(dir, 'cockpit.tasks.json'),
      JSON.stringify({ long: { command: [process.execPath, 'long-task.mjs'], env: { PID_FILE: pidFile } } }),
    );
    const databaseFile = path.join(dir, 'cockpit.db');
    // The canary samples every 0.5 s, below the 1 s default minimum interval.
    const env = {
      LUKHAS_MCP_DB: databaseFile,
      LUKHAS_REPO_ROOT: dir,
      PORT: '0',
      LUKHAS_MIN_INTERVAL_MS: '100',
    };

    const first = await runUntil(
      path.join(SERVER_DIR, 'test/server-restart-child.ts'),
      env,
      /\{"jobId":"([^"]+)","canaryId":"([^"]+)"\}/,
    );
    const [, jobId, canaryId] = first.ready;
    await first.kill();
    // The orphaned task would run on: it is not the cockpit's to kill after a crash (documented).
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');

    const db = new Database(databaseFile, { readonly: true });
    const samplesBefore = db
      .prepare('SELECT seq, latency_p95_ms FROM canary_metrics WHERE canary_id = ? ORDER BY seq')
      .all(canaryId) as { seq: number; latency_p95_ms: number }[];
    expect(samplesBefore.length).toBeGreaterThanOrEqual(2);

    const server = await runUntil(
      MAIN_FILE,
      env,
      /recovered: (\d+) interrupted jobs failed, \d+ queued jobs resumed, (\d+) canaries resumed/,
    );
    expect(server.ready[1]).toBe('1');
    expect(server.ready[2]).toBe('1');

    const canary = await waitFor(
      () => {
        const row = db.prepare('SELECT status, decision_rule FROM canaries WHERE id = ?').get(canaryId) as
          | { status: string; decision_rule: string | null }
          | undefined;
        return row?.status === 'running' ? undefined : row;
      },
      { intervalMs: 100, message: 'the canary decision' },
    );
    expect(['promoted', 'rolled_back']).toContain(canary.status);

    const job = db.prepare('SELECT status, error FROM jobs WHERE job_id = ?').get(jobId) as {
      status: string;
      error: string;
    };
    expect(job).toEqual({ status: 'failed', error: 'interrupted by restart' });
    const jobNarrative = db
      .prepare("SELECT message FROM audits_narrative WHERE entity_id = ? AND event_type = 'failed'")
      .all(jobId) as { message: string }[];
    expect(jobNarrative.map((row) => row.message)).toEqual([`${jobId} → failed: interrupted by restart`]);

    // Nothing lost, nothing twice: the samples from before the crash are kept as they were, sequence
    // numbers continue without gaps or repeats, and exactly one decision event exists per entity.
    const samplesAfter = db
      .prepare('SELECT seq, latency_p95_ms FROM canary_metrics WHERE canary_id = ? ORDER BY seq')
      .all(canaryId) as { seq: number; latency_p95_ms: number }[];
    expect(samplesAfter.slice(0, samplesBefore.length)).toEqual(samplesBefore);
    expect(samplesAfter.map((sample) => sample.seq)).toEqual(samplesAfter.map((_, index) => index + 1));
    const decisions = db
      .prepare("SELECT type FROM events WHERE topic = ? AND type IN ('promoted', 'rolled_back')")
      .all(`canary/${canaryId}`);
    expect(decisions).toHaveLength(1);
    const jobEnds = db
      .prepare("SELECT type FROM events WHERE topic = ? AND type IN ('completed', 'failed', 'cancelled')")
      .all(`job/${jobId}`);
    expect(jobEnds).toEqual([{ type: 'failed' }]);
    db.close();
  });
});
