/**
 * A fleet: three real cockpit processes (`src/main.ts`) on one real PostgreSQL cluster, each its
 * own LUKHAS_REPLICA_ID, with 2-second canary leases. Thirty canaries and fifty demo jobs are
 * started across the replicas; mid-window the replica owning the most canaries is SIGKILLed. The
 * survivors take its canaries over and fail its running jobs, and the database shows every canary
 * decided exactly once with gap-free samples, and every job run exactly once.
 */
import type { AuditEntry, CanaryRecord, CockpitEvent } from '@lukhas/core';
import type { CockpitDatabaseStore } from '@lukhas/persistence';
import { type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';
import { callToolOk } from './post-tool-call.ts';
import { usePostgresTestBed } from './postgres-test-bed.ts';

const KEY = 'k1';
const REPLICAS = ['fleet-a', 'fleet-b', 'fleet-c'] as const;
const CANARIES = 30;
const JOBS = 50;
const bed = usePostgresTestBed();

/** One replica: 2 s leases, canaries sampling every 0.5 s, four demo jobs at once. */
async function startReplica(url: string, replicaId: string): Promise<RunningServerProcess> {
  const server = await startMainProcess({
    LUKHAS_MCP_DB: url,
    LUKHAS_MCP_API_KEYS: KEY,
    LUKHAS_REPLICA_ID: replicaId,
    LUKHAS_LEASE_SECONDS: '2',
    LUKHAS_MIN_INTERVAL_MS: '100',
    LUKHAS_MAX_CONCURRENT_JOBS: '4',
    LUKHAS_REPO_ROOT: bed.tempDirs.make('cockpit-fleet-repo-'),
  });
  bed.track(server);
  return server;
}

function callTool(server: RunningServerProcess, name: string, args: Record<string, unknown>) {
  return callToolOk(server.url, KEY, name, args);
}

async function fleetOf(server: RunningServerProcess): Promise<{ replicaId: string; canariesOwned: number }> {
  const response = await fetch(`${server.url}/health`);
  return ((await response.json()) as { fleet: { replicaId: string; canariesOwned: number } }).fleet;
}

async function metricOf(server: RunningServerProcess, name: string): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { 'X-API-Key': KEY } });
  const line = (await response.text()).split('\n').find((text) => text.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

async function readerOf(url: string): Promise<CockpitDatabaseStore> {
  return (await bed.openReader(url)).store;
}

async function eventsOf(store: CockpitDatabaseStore, topic: string): Promise<CockpitEvent[]> {
  return store.eventsAfter({ afterId: 0, selection: { topics: [topic] }, limit: 10_000 });
}

async function allAudits(store: CockpitDatabaseStore): Promise<AuditEntry[]> {
  const audits: AuditEntry[] = [];
  for await (const audit of store.auditsBetween({ from: 0, to: Date.now() + 60_000 })) audits.push(audit);
  return audits;
}

describe('a fleet of three cockpits on one PostgreSQL', { timeout: 240_000 }, () => {
  it('survives the SIGKILL of the replica owning most canaries: each canary decided once, each job run once', async () => {
    const url = await bed.cluster.createDatabase();
    // One after another: the first start migrates the database, the others find it current.
    const replicas: RunningServerProcess[] = [];
    for (const replicaId of REPLICAS) replicas.push(await startReplica(url, replicaId));
    const reader = await readerOf(url);

    // All at once, spread over the replicas, as clients behind a load balancer would.
    const replicaFor = (index: number) => replicas[index % replicas.length] as RunningServerProcess;
    const startCanary = async (index: number) => {
      const started = await callTool(replicaFor(index), 'start_canary', {
        modelId: `fleet-model-${index}`,
        fromGate: 'stage',
        toGate: 'production',
        windowSeconds: 20,
        intervalSeconds: 1,
        minSamples: 2,
        targets: { latency_p95_ms: 800, max_error_rate: 0.05 },
      });
      return started.canaryId as string;
    };
    const submitJob = async (index: number) =>
      (await callTool(replicaFor(index), 'run_eval', { taskId: `fleet-eval-${index}` })).jobId as string;
    const [canaryIds, jobIds] = await Promise.all([
      Promise.all(Array.from({ length: CANARIES }, (_, index) => startCanary(index))),
      Promise.all(Array.from({ length: JOBS }, (_, index) => submitJob(index))),
    ]);
    await waitFor(
      async () => {
        for (const canaryId of canaryIds) if ((await reader.samplesOf(canaryId)).length < 2) return false;
        return true;
      },
      { timeoutMs: 60_000, message: 'two samples of every canary' },
    );

    // Every running canary has one owner: the replicas' counts add up.
    const owned = await Promise.all(replicas.map(fleetOf));
    expect(owned.reduce((sum, fleet) => sum + fleet.canariesOwned, 0)).toBe(CANARIES);
    const most = Math.max(...owned.map((fleet) => fleet.canariesOwned));
    const victimIndex = owned.findIndex((fleet) => fleet.canariesOwned === most);
    const victim = replicas[victimIndex] as RunningServerProcess;
    const victimId = REPLICAS[victimIndex] as string;
    const survivors = replicas.filter((server) => server !== victim);
    const killedAt = Date.now();
    await victim.kill();

    await waitFor(
      async () =>
        (await reader.canariesInStatus(['running', 'paused'])).length === 0 &&
        (await reader.jobsInStatus(['queued', 'running'])).length === 0,
      { timeoutMs: 120_000, intervalMs: 250, message: 'every canary decided and every job ended' },
    );

    // The survivors took over what the dead replica owned, and only that.
    const takeovers = await Promise.all(
      survivors.map((server) => metricOf(server, 'cockpit_lease_takeovers_total')),
    );
    expect(takeovers.reduce((sum, count) => sum + count, 0)).toBe(most);

    const audits = await allAudits(reader);
    let resumedAfterKill = 0;
    for (const canaryId of canaryIds) {
      const canary = (await reader.getCanary(canaryId)) as CanaryRecord;
      expect(['promoted', 'rolled_back']).toContain(canary.status);
      const decisions = (await eventsOf(reader, `canary/${canaryId}`)).filter((event) =>
        ['promoted', 'rolled_back'].includes(event.type),
      );
      expect(decisions, `decision events of ${canaryId}`).toHaveLength(1);
      const decisionAudits = audits.filter(
        (audit) =>
          audit.entityId === canaryId && ['canary.promoted', 'canary.rolled_back'].includes(audit.action),
      );
      expect(decisionAudits, `decision audits of ${canaryId}`).toHaveLength(1);
      const samples = await reader.samplesOf(canaryId);
      expect(samples.map((sample) => sample.seq)).toEqual(samples.map((_, index) => index + 1));
      if (samples.some((sample) => sample.at > killedAt + 1000)) resumedAfterKill += 1;
    }
    // Windows of 12 s, the kill after a few: every canary (the dead replica's too) sampled on after it.
    expect(resumedAfterKill).toBe(CANARIES);

    let failedWithTheirReplica = 0;
    for (const jobId of jobIds) {
      const types = (await eventsOf(reader, `job/${jobId}`)).map((event) => event.type);
      expect(
        types.filter((type) => type === 'running'),
        `running events of ${jobId}`,
      ).toHaveLength(1);
      const ends = types.filter((type) => ['completed', 'failed', 'cancelled'].includes(type));
      expect(ends, `terminal events of ${jobId}`).toHaveLength(1);
      const job = await reader.getJob(jobId);
      if (job?.status === 'failed') {
        expect(job.error).toBe(`interrupted: its replica ${victimId} stopped (no heartbeat)`);
        failedWithTheirReplica += 1;
      } else {
        expect(job?.status).toBe('completed');
      }
    }
    // The dead replica was running jobs when it died: those, and only those, failed.
    expect(failedWithTheirReplica).toBeGreaterThan(0);
  });
});
