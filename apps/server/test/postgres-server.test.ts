/**
 * The cockpit on PostgreSQL, one replica: the real process (`src/main.ts`) on a real throwaway
 * cluster (`startPostgresCluster`). A job and a canary run to their ends while an `/sse` client
 * watches every topic (ids in order, none skipped), a resume with Last-Event-ID continues where it
 * left, `/health` carries the fleet object, the evidence export reads PostgreSQL, and a SIGKILLed
 * process's running canary is resumed from PostgreSQL by the next one and decided once. A bad URL,
 * a wrong password or a stopped server refuses to start (exit 2) naming the host and the cause.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { type CockpitDatabaseStore, POSTGRES_SKIPPED_CHECKS } from '@lukhas/persistence';
import { startPostgresCluster } from '@lukhas/persistence/testing';
import { type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';
import { callToolOk } from './post-tool-call.ts';
import { usePostgresTestBed } from './postgres-test-bed.ts';
import { readSse, type SseReading } from './sse-reading.ts';

const KEY = 'k1';
const PASSWORD = 's3cret-pg';
const run = promisify(execFile);
const bed = usePostgresTestBed({
  afterStart: (cluster) => cluster.query(`CREATE ROLE cockpit LOGIN PASSWORD '${PASSWORD}'`),
});

/** A new database owned by the role `cockpit`, and its URL with the password. */
async function cockpitDatabase(): Promise<string> {
  const name = new URL(await bed.cluster.createDatabase()).pathname.slice(1);
  await bed.cluster.query(`ALTER DATABASE "${name}" OWNER TO cockpit`);
  return `postgres://cockpit:${PASSWORD}@127.0.0.1:${bed.cluster.port}/${name}`;
}

/**
 * The cockpit process on `url`, with the key k1 and canaries allowed to sample every 0.1 s; in
 * demo mode (every taskId a simulated eval) unless `env` names a repository root with a task file.
 */
async function startCockpit(url: string, env: Record<string, string> = {}): Promise<RunningServerProcess> {
  const server = await startMainProcess({
    LUKHAS_MCP_DB: url,
    LUKHAS_MCP_API_KEYS: KEY,
    LUKHAS_MIN_INTERVAL_MS: '100',
    LUKHAS_REPO_ROOT: bed.tempDirs.make('cockpit-pg-repo-'),
    ...env,
  });
  bed.track(server);
  return server;
}

/** Resolves once the server printed `pattern` (the start-up lines follow the listening line). */
async function outputMatching(server: RunningServerProcess, pattern: RegExp): Promise<string> {
  await waitFor(() => pattern.test(server.output()), {
    message: () => `${pattern} in the output:\n${server.output()}`,
  });
  return server.output();
}

/** A store over the same database, for the test's own reads. */
async function readerOf(url: string): Promise<CockpitDatabaseStore> {
  return (await bed.openReader(url)).store;
}

function callTool(server: RunningServerProcess, name: string, args: Record<string, unknown>) {
  return callToolOk(server.url, KEY, name, args);
}

async function health(
  server: RunningServerProcess,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `/sse` of `server` with the key k1. */
function watchSse(server: RunningServerProcess, query: string, lastEventId?: number): SseReading {
  return readSse(server.url, query, lastEventId === undefined ? { key: KEY } : { key: KEY, lastEventId });
}

const CANARY = {
  modelId: 'matriz-v3',
  fromGate: 'stage',
  toGate: 'production',
  intervalSeconds: 0.3,
  minSamples: 2,
  // The stub monitor's healthy readings pass these: the canary promotes.
  targets: { latency_p95_ms: 800, max_error_rate: 0.05 },
};

describe('the cockpit on PostgreSQL (one replica)', { timeout: 120_000 }, () => {
  it('runs a job and a canary to their ends, streams every event in id order, resumes, exports', async () => {
    const url = await cockpitDatabase();
    const server = await startCockpit(url, { LUKHAS_REPLICA_ID: 'replica-a' });
    // The password never reaches the output; the start-up line says what is safe.
    const output = await outputMatching(server, /recovered: /);
    expect(output).toContain(`database postgres://cockpit:***@127.0.0.1:${bed.cluster.port}/`);
    expect(output).toContain(
      'replica replica-a (PostgreSQL fleet: canaries under 15s leases, one shared job queue)',
    );
    expect(output).not.toContain(PASSWORD);

    const idle = await health(server);
    expect(idle.status).toBe(200);
    expect(idle.body.fleet).toEqual({
      replicaId: 'replica-a',
      database: 'postgres',
      canariesOwned: 0,
      jobsRunning: 0,
    });
    expect(idle.body.db).toEqual({ ok: true, writable: true, skipped: POSTGRES_SKIPPED_CHECKS });

    // Registered before anything is written, so it must carry every event live.
    const everything = watchSse(server, 'topic=*');
    await waitFor(async () => ((await health(server)).body.sse as { clients: number }).clients === 1, {
      message: 'the /sse stream to be open',
    });
    const { jobId } = (await callTool(server, 'run_eval', { taskId: 'pg-smoke' })) as { jobId: string };
    const { canaryId } = (await callTool(server, 'start_canary', { ...CANARY, windowSeconds: 2 })) as {
      canaryId: string;
    };

    const reader = await readerOf(url);
    await waitFor(async () => (await reader.getJob(jobId))?.status === 'completed', {
      timeoutMs: 60_000,
      message: `job ${jobId} to complete`,
    });
    await waitFor(async () => (await reader.getCanary(canaryId))?.status === 'promoted', {
      timeoutMs: 60_000,
      message: `canary ${canaryId} to be promoted`,
    });
    expect((await health(server)).body.fleet).toMatchObject({ canariesOwned: 0, jobsRunning: 0 });

    // The live stream saw every stored event, in id order, none skipped, while job and canary wrote.
    const stored = (await reader.eventsAfter({ afterId: 0, selection: { all: true } })).map(
      (event) => event.id,
    );
    await waitFor(() => everything.ids().length >= stored.length, { message: 'every event on /sse' });
    everything.close();
    expect(everything.ids()).toEqual(stored);

    // A resume after the job's second event gets exactly the rest of its story, then the stream ends.
    const story = watchSse(server, `topic=job/${jobId}`);
    await story.ended;
    const jobIds = story.ids();
    expect(jobIds.length).toBeGreaterThanOrEqual(3);
    const resumed = watchSse(server, `topic=job/${jobId}`, jobIds[1]);
    await resumed.ended;
    expect(resumed.ids()).toEqual(jobIds.slice(2));

    // The evidence export reads PostgreSQL: the promoted canary is in decisions.json.
    const response = await fetch(`${server.url}/evidence/export?from=1h`, { headers: { 'X-API-Key': KEY } });
    expect(response.status).toBe(200);
    const dir = bed.tempDirs.make('cockpit-pg-evidence-');
    writeFileSync(path.join(dir, 'pack.zip'), Buffer.from(await response.arrayBuffer()));
    await run('unzip', ['-q', 'pack.zip'], { cwd: dir });
    await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
    const decisions = JSON.parse(readFileSync(path.join(dir, 'decisions.json'), 'utf8')) as unknown[];
    expect(decisions).toEqual([
      expect.objectContaining({
        canaryId,
        status: 'promoted',
        decision: expect.objectContaining({ outcome: 'promote' }),
      }),
    ]);
  });

  it('reports what it holds in /health, and a restart resumes the running canary from PostgreSQL, deciding once', async () => {
    const url = await cockpitDatabase();
    // A task that runs until cancelled, so `jobsRunning` can be read while it runs.
    const repoRoot = bed.tempDirs.make('cockpit-pg-repo-');
    writeFileSync(path.join(repoRoot, 'long-task.mjs'), 'setTimeout(() => {}, 600_000);\n');
    writeFileSync(
      path.join(repoRoot, 'cockpit.tasks.json'),
      JSON.stringify({ long: { command: [process.execPath, 'long-task.mjs'] } }),
    );
    const env = { LUKHAS_REPO_ROOT: repoRoot, LUKHAS_REPLICA_ID: 'replica-a' };
    const first = await startCockpit(url, env);
    const { jobId } = (await callTool(first, 'run_eval', { taskId: 'long' })) as { jobId: string };
    // A window far longer than the test's steps before the crash and the restart.
    const { canaryId } = (await callTool(first, 'start_canary', { ...CANARY, windowSeconds: 12 })) as {
      canaryId: string;
    };
    const reader = await readerOf(url);
    await waitFor(async () => (await reader.getJob(jobId))?.status === 'running', {
      message: 'the job to run',
    });
    await waitFor(async () => (await reader.samplesOf(canaryId)).length >= 2, {
      message: 'two samples before the crash',
    });
    expect((await health(first)).body.fleet).toEqual({
      replicaId: 'replica-a',
      database: 'postgres',
      canariesOwned: 1,
      jobsRunning: 1,
    });
    await callTool(first, 'cancel_job', { jobId, reason: 'not needed' });
    expect((await health(first)).body.fleet).toMatchObject({ canariesOwned: 1, jobsRunning: 0 });
    await first.kill();
    const before = (await reader.samplesOf(canaryId)).map((sample) => sample.seq);

    const second = await startCockpit(url, env);
    await outputMatching(
      second,
      /recovered: 0 interrupted jobs failed, 0 queued jobs resumed, 1 canaries resumed/,
    );
    expect((await health(second)).body.fleet).toMatchObject({ canariesOwned: 1, jobsRunning: 0 });
    await waitFor(async () => (await reader.getCanary(canaryId))?.status !== 'running', {
      timeoutMs: 60_000,
      message: `canary ${canaryId} to be decided`,
    });
    expect((await reader.getCanary(canaryId))?.status).toBe('promoted');
    expect((await health(second)).body.fleet).toMatchObject({ canariesOwned: 0 });
    // Nothing lost, nothing twice: samples from before the crash kept, sequence numbers without
    // gap or repeat, one decision event.
    const after = (await reader.samplesOf(canaryId)).map((sample) => sample.seq);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toEqual(after.map((_, index) => index + 1));
    const decisions = (
      await reader.eventsAfter({ afterId: 0, selection: { topics: [`canary/${canaryId}`] } })
    ).filter((event) => event.type === 'promoted' || event.type === 'rolled_back');
    expect(decisions).toHaveLength(1);
  });
});

describe('a PostgreSQL the cockpit cannot use', { timeout: 60_000 }, () => {
  /** Starts main.ts in an empty folder and returns why it exited (it must not listen). */
  async function refusal(url: string): Promise<{ message: string; cwd: string }> {
    const cwd = bed.tempDirs.make('cockpit-pg-refused-');
    const failure = (await startMainProcess({ LUKHAS_MCP_DB: url, LUKHAS_MCP_API_KEYS: KEY }, { cwd }).then(
      (server) => {
        bed.track(server);
        throw new Error('the server started');
      },
      (error: Error) => error,
    )) as Error;
    return { message: failure.message, cwd };
  }

  it('refuses a malformed URL at start (exit 2), naming the variable and what is missing', async () => {
    const { message, cwd } = await refusal(`postgres://cockpit:${PASSWORD}@db.internal:5432/`);
    expect(message).toMatch(/^server exited \(2\)/);
    expect(message).toContain(
      'cannot start: LUKHAS_MCP_DB: Not a usable PostgreSQL URL (postgres://cockpit:***@db.internal:5432/): it must name one database',
    );
    expect(message).not.toContain(PASSWORD);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a wrong password at start (exit 2), naming the host and the cause', async () => {
    const url = (await cockpitDatabase()).replace(PASSWORD, 'wrong-password');
    const { message } = await refusal(url);
    expect(message).toMatch(/^server exited \(2\)/);
    expect(message).toContain(`cannot start: Cannot connect to PostgreSQL at 127.0.0.1:${bed.cluster.port}`);
    expect(message).toContain('password authentication failed for user "cockpit"');
    expect(message).not.toContain('wrong-password');
  });

  it('refuses a stopped server at start (exit 2), naming the host and the cause, creating nothing', async () => {
    const stopped = await startPostgresCluster();
    const port = stopped.port;
    await stopped.stop();
    const { message, cwd } = await refusal(`postgres://cockpit:${PASSWORD}@127.0.0.1:${port}/cockpit`);
    expect(message).toMatch(/^server exited \(2\)/);
    expect(message).toContain(`cannot start: Cannot connect to PostgreSQL at 127.0.0.1:${port}`);
    expect(message).toMatch(/connection refused/i);
    expect(message).not.toContain(PASSWORD);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
