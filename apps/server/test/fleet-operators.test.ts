/**
 * Operators across a fleet: two real cockpit processes (`src/main.ts`) on one real PostgreSQL,
 * each its own LUKHAS_REPLICA_ID, clients sending each request to either replica as a load
 * balancer would. Starts of one model racing on both replicas: exactly one wins each round, the
 * other is refused `CANARY_ALREADY_RUNNING` and leaves nothing behind. An abort, a promote and a
 * cancel sent to the replica that does not own the canary (or run the job) take effect, decided
 * once.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CockpitEvent } from '@lukhas/core';
import type { CockpitDatabaseStore, openPostgresDatabase } from '@lukhas/persistence';
import { type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';
import { callToolOk, postToolCall } from './post-tool-call.ts';
import { usePostgresTestBed } from './postgres-test-bed.ts';

const KEY = 'k1';
const SLEEPER =
  "require('node:fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000);";
const ROUNDS = 12;
const bed = usePostgresTestBed();

/** Two replicas on a new database, one after another (the first migrates it), and a reader. */
async function twoReplicas(): Promise<{
  a: RunningServerProcess;
  b: RunningServerProcess;
  reader: CockpitDatabaseStore;
  db: Awaited<ReturnType<typeof openPostgresDatabase>>;
  repo: string;
}> {
  const url = await bed.cluster.createDatabase();
  const repo = bed.tempDirs.make('cockpit-fleet-ops-repo-');
  // A task that runs until stopped, its process id in a file: a cancel must end the process.
  writeFileSync(
    path.join(repo, 'cockpit.tasks.json'),
    JSON.stringify({
      sleeper: {
        command: ['node', '-e', SLEEPER, '{jobId}.pid'],
        cwd: '.',
      },
    }),
  );
  const start = async (replicaId: string) => {
    const server = await startMainProcess({
      LUKHAS_MCP_DB: url,
      LUKHAS_MCP_API_KEYS: KEY,
      LUKHAS_REPLICA_ID: replicaId,
      LUKHAS_LEASE_SECONDS: '2',
      LUKHAS_MIN_INTERVAL_MS: '100',
      LUKHAS_REPO_ROOT: repo,
    });
    bed.track(server);
    return server;
  };
  const a = await start('ops-a');
  const b = await start('ops-b');
  const { store, db } = await bed.openReader(url);
  return { a, b, reader: store, db, repo };
}

function canaryArgs(modelId: string, extra: Record<string, unknown> = {}) {
  return {
    modelId,
    fromGate: 'stage',
    toGate: 'production',
    windowSeconds: 60,
    intervalSeconds: 0.5,
    minSamples: 2,
    targets: { latency_p95_ms: 800, max_error_rate: 0.05 },
    ...extra,
  };
}

async function eventTypes(reader: CockpitDatabaseStore, canaryId: string): Promise<string[]> {
  const events: CockpitEvent[] = await reader.eventsAfter({
    afterId: 0,
    selection: { topics: [`canary/${canaryId}`] },
    limit: 10_000,
  });
  return events.map((event) => event.type);
}

async function canariesOwned(server: RunningServerProcess): Promise<number> {
  const response = await fetch(`${server.url}/health`);
  return ((await response.json()) as { fleet: { canariesOwned: number } }).fleet.canariesOwned;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('operators across a fleet of two cockpits on one PostgreSQL', { timeout: 180_000 }, () => {
  it('lets exactly one of two simultaneous starts of one model win, round after round', async () => {
    const { a, b, reader, db } = await twoReplicas();
    const winners: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const calls = await Promise.all(
        [a, b].map((server) =>
          postToolCall(`${server.url}/mcp`, KEY, 'start_canary', canaryArgs('race-model')),
        ),
      );
      const won = calls.filter((call) => !call.isError);
      const lost = calls.filter((call) => call.isError);
      expect(won, calls.map((call) => call.text).join('\n')).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.text).toMatch(
        /model race-model already has a running canary.*\[CANARY_ALREADY_RUNNING\]/,
      );
      const canaryId = won[0]?.body.structuredContent?.canaryId as string;
      winners.push(canaryId);
      // Let it go for the next round, through the replica that did not start it half the time.
      await callToolOk((round % 2 === 0 ? b : a).url, KEY, 'abort_canary', {
        canaryId,
        reason: `round ${round}`,
      });
    }
    // Nothing of the losers: one row per round, each started and rolled back once.
    const stored = await reader.listCanaries({ modelId: 'race-model', limit: 100 });
    expect(stored.map((canary) => canary.canaryId).sort()).toEqual([...winners].sort());
    for (const canaryId of winners) {
      const types = await eventTypes(reader, canaryId);
      expect(types[0]).toBe('started');
      expect(types.filter((type) => type === 'started' || type === 'rolled_back')).toEqual([
        'started',
        'rolled_back',
      ]);
    }
    const started = await reader.eventsAfter({ afterId: 0, selection: { kinds: ['canary'] }, limit: 10_000 });
    expect(started.filter((event) => event.type === 'started')).toHaveLength(ROUNDS);
    // Nor a lease: the loser's lease, taken before its start was refused, was dropped with it.
    const leases = await db.selectFrom('canary_leases').select('canary_id').execute();
    expect(leases.map((lease) => lease.canary_id).sort()).toEqual([...winners].sort());
  });

  it('aborts, on the other replica, a canary the first one owns: rolled back once, the owner stops', async () => {
    const { a, b, reader } = await twoReplicas();
    const { canaryId } = await callToolOk(a.url, KEY, 'start_canary', canaryArgs('abort-model'));
    await waitFor(async () => (await reader.samplesOf(canaryId as string)).length >= 2, {
      timeoutMs: 30_000,
      message: 'two samples by the owner',
    });
    const aborted = await callToolOk(b.url, KEY, 'abort_canary', { canaryId, reason: 'from b' });
    expect(aborted).toMatchObject({ canaryId, status: 'rolled_back' });
    await waitFor(async () => (await canariesOwned(a)) === 0 && (await canariesOwned(b)) === 0, {
      timeoutMs: 30_000,
      message: 'neither replica runs the canary',
    });
    const seqs = (await reader.samplesOf(canaryId as string)).map((sample) => sample.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    // A second abort, on either replica, is refused: decided once.
    const again = await postToolCall(`${a.url}/mcp`, KEY, 'abort_canary', { canaryId });
    expect(again.text).toMatch(/CANARY_ALREADY_DECIDED/);
    const types = await eventTypes(reader, canaryId as string);
    expect(types.filter((type) => type === 'rolled_back' || type === 'promoted')).toEqual(['rolled_back']);
    expect((await reader.getCanary(canaryId as string))?.decision?.reason).toMatch(/from b/);
  });

  it('promotes, on the other replica, a canary the first one holds at a pause', async () => {
    const { a, b, reader } = await twoReplicas();
    const steps = [{ setWeight: 25 }, { pause: {} }, { setWeight: 100 }];
    const { canaryId } = await callToolOk(a.url, KEY, 'start_canary', canaryArgs('promote-model', { steps }));
    await waitFor(async () => (await reader.getCanary(canaryId as string))?.status === 'paused', {
      timeoutMs: 30_000,
      message: 'the canary waits at its pause',
    });
    await callToolOk(b.url, KEY, 'promote_canary', { canaryId, full: true });
    await waitFor(async () => (await reader.getCanary(canaryId as string))?.status === 'promoted', {
      timeoutMs: 30_000,
      message: 'the canary is promoted',
    });
    const types = await eventTypes(reader, canaryId as string);
    expect(types.filter((type) => type === 'rolled_back' || type === 'promoted')).toEqual(['promoted']);
    await waitFor(async () => (await canariesOwned(a)) === 0 && (await canariesOwned(b)) === 0, {
      timeoutMs: 30_000,
      message: 'neither replica runs the canary',
    });
  });

  it('cancels, on the other replica, a job the first one runs: cancelled once, its task stopped', async () => {
    const { a, b, reader, db, repo } = await twoReplicas();
    const { jobId } = await callToolOk(a.url, KEY, 'run_eval', { taskId: 'sleeper' });
    const pidFile = path.join(repo, `${jobId as string}.pid`);
    await waitFor(async () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', {
      timeoutMs: 30_000,
      message: 'the task runs',
    });
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const { owner_replica: owner } = await db
      .selectFrom('jobs')
      .select('owner_replica')
      .where('job_id', '=', jobId as string)
      .executeTakeFirstOrThrow();
    const other = owner === 'ops-a' ? b : a;
    const cancelled = await callToolOk(other.url, KEY, 'cancel_job', { jobId, reason: 'from the other one' });
    expect(cancelled).toMatchObject({ jobId, status: 'cancelled' });
    await waitFor(() => !isAlive(pid), { timeoutMs: 30_000, message: `the task's process ${pid} ends` });
    await waitFor(async () => (await reader.jobsInStatus(['queued', 'running'])).length === 0, {
      timeoutMs: 30_000,
      message: 'no job left running',
    });
    const events = await reader.eventsAfter({
      afterId: 0,
      selection: { topics: [`job/${jobId}`] },
      limit: 1000,
    });
    const ends = events.filter((event) => ['completed', 'failed', 'cancelled'].includes(event.type));
    expect(ends.map((event) => event.type)).toEqual(['cancelled']);
    expect((await reader.getJob(jobId as string))?.status).toBe('cancelled');
  });
});
