import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Issue "engines", done-when: a server restart mid-job and mid-canary loses nothing and decides
 * nothing twice — with real processes: a cockpit process is SIGKILLed while a job runs and a canary
 * samples, then the real server (`src/main.ts`) boots on the same database file.
 */
const serverDir = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const tempDirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A task that reports progress, records its pid (the test kills it: it outlives a SIGKILLed server
// because it runs in its own process group) and sleeps far longer than the test.
const LONG_TASK = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.env.PID_FILE, String(process.pid));
console.log(JSON.stringify({ progress: 0.1, message: 'warming up' }));
setTimeout(() => {}, 600_000);
`;

function runUntil(
  script: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...script], {
    cwd: serverDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) resolve({ child, match, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script.join(' ')} exited with ${code}:\n${output}`)));
  });
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('server restart mid-job and mid-canary', { timeout: 120_000 }, () => {
  it('fails the interrupted job, finishes the canary from its stored samples, and decides once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cockpit-restart-'));
    tempDirs.push(dir);
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
      ['test/server-restart-child.ts'],
      env,
      /\{"jobId":"([^"]+)","canaryId":"([^"]+)"\}/,
    );
    const [, jobId, canaryId] = first.match;
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    // The orphaned task would run on: it is not the cockpit's to kill after a crash (documented).
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');

    const db = new Database(databaseFile, { readonly: true });
    const samplesBefore = db
      .prepare('SELECT seq, latency_p95_ms FROM canary_metrics WHERE canary_id = ? ORDER BY seq')
      .all(canaryId) as { seq: number; latency_p95_ms: number }[];
    expect(samplesBefore.length).toBeGreaterThanOrEqual(2);

    const server = await runUntil(
      ['src/main.ts'],
      env,
      /recovered: (\d+) interrupted jobs failed, \d+ queued jobs resumed, (\d+) canaries resumed/,
    );
    expect(server.match[1]).toBe('1');
    expect(server.match[2]).toBe('1');

    const canary = await waitFor(() => {
      const row = db.prepare('SELECT status, decision_rule FROM canaries WHERE id = ?').get(canaryId) as
        | { status: string; decision_rule: string | null }
        | undefined;
      return row?.status === 'running' ? undefined : row;
    }, 'the canary decision');
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
