/**
 * Events across replicas: three real cockpit processes (`src/main.ts`) on one real PostgreSQL all
 * publish at once (jobs and canaries started on each), and an `/sse` client on one replica gets
 * every stored event, in id order, with no gap and no duplicate; a client that drops mid-run and
 * reconnects to ANOTHER replica with Last-Event-ID continues where it left, without gap or repeat.
 */
import { closeDatabase, createCockpitStore, openPostgresDatabase } from '@lukhas/persistence';
import { type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';
import { callToolOk } from './post-tool-call.ts';
import { usePostgresTestBed } from './postgres-test-bed.ts';
import { readSse } from './sse-reading.ts';

const KEY = 'k1';
// The replicas run through the whole file.
const bed = usePostgresTestBed({ keepAcrossTests: true });

/** A replica in demo task mode, canaries allowed to sample every 0.1 s. */
async function startReplica(url: string, replicaId: string): Promise<RunningServerProcess> {
  const server = await startMainProcess({
    LUKHAS_MCP_DB: url,
    LUKHAS_MCP_API_KEYS: KEY,
    LUKHAS_MIN_INTERVAL_MS: '100',
    LUKHAS_REPLICA_ID: replicaId,
    LUKHAS_REPO_ROOT: bed.tempDirs.make(`cockpit-fleet-${replicaId}-`),
  });
  bed.track(server);
  return server;
}

function callTool(server: RunningServerProcess, name: string, args: Record<string, unknown>) {
  return callToolOk(server.url, KEY, name, args);
}

async function sseClients(server: RunningServerProcess): Promise<number> {
  const body = (await (await fetch(`${server.url}/health`)).json()) as { sse: { clients: number } };
  return body.sse.clients;
}

const CANARY = {
  fromGate: 'stage',
  toGate: 'production',
  windowSeconds: 2,
  intervalSeconds: 0.2,
  minSamples: 2,
  // The stub monitor's healthy readings pass these: the canaries promote.
  targets: { latency_p95_ms: 800, max_error_rate: 0.05 },
};

describe('events across three replicas on one PostgreSQL', { timeout: 180_000 }, () => {
  it('streams every replica’s events in id order, and a reconnect to another replica resumes without gap or duplicate', async () => {
    const url = await bed.cluster.createDatabase();
    const replicas = [
      await startReplica(url, 'replica-a'),
      await startReplica(url, 'replica-b'),
      await startReplica(url, 'replica-c'),
    ] as const;
    const [a, b, c] = replicas;

    // Open before anything is written: each must carry every event.
    const onA = readSse(a.url, 'topic=*', { key: KEY });
    const dropping = readSse(b.url, 'topic=*', { key: KEY });
    await waitFor(async () => (await sseClients(a)) === 1 && (await sseClients(b)) === 1, {
      message: 'the /sse streams to be open',
    });

    // All three replicas publish at once: two jobs and two canaries started on each.
    const started = await Promise.all(
      replicas.flatMap((server, index) => [
        callTool(server, 'run_eval', { taskId: `fleet-eval-${index}-1` }),
        callTool(server, 'run_eval', { taskId: `fleet-eval-${index}-2` }),
        callTool(server, 'start_canary', { ...CANARY, modelId: `fleet-model-${index}-1` }),
        callTool(server, 'start_canary', { ...CANARY, modelId: `fleet-model-${index}-2` }),
      ]),
    );
    const jobIds = started.flatMap((result) => (typeof result.jobId === 'string' ? [result.jobId] : []));
    const canaryIds = started.flatMap((result) =>
      typeof result.canaryId === 'string' ? [result.canaryId] : [],
    );
    expect(jobIds).toHaveLength(6);
    expect(canaryIds).toHaveLength(6);

    // Mid-run, while every replica still writes, the client on B drops and resumes on C.
    await waitFor(() => dropping.ids().length >= 12, { message: 'a dozen events on replica B' });
    dropping.close();
    await dropping.ended;
    const beforeDrop = dropping.ids();
    const resumed = readSse(c.url, 'topic=*', { key: KEY, lastEventId: beforeDrop.at(-1) as number });

    const db = await openPostgresDatabase({ url, poolSize: 2 });
    try {
      const reader = createCockpitStore(db);
      await waitFor(
        async () => {
          const jobs = await Promise.all(jobIds.map((jobId) => reader.getJob(jobId)));
          const canaries = await Promise.all(canaryIds.map((canaryId) => reader.getCanary(canaryId)));
          return (
            jobs.every((job) => job?.status === 'completed') &&
            canaries.every((canary) => canary?.status === 'promoted')
          );
        },
        { timeoutMs: 120_000, intervalMs: 200, message: 'every job completed and every canary promoted' },
      );
      const stored = (await reader.eventsAfter({ afterId: 0, selection: { all: true }, limit: 10_000 })).map(
        (event) => event.id,
      );
      // Written by all three: each replica's jobs and canaries are in the log.
      expect(stored.length).toBeGreaterThan(6 * 4);

      await waitFor(() => onA.ids().length >= stored.length, {
        message: () => `every stored event on replica A (${onA.ids().length} of ${stored.length})`,
      });
      expect(onA.ids()).toEqual(stored);

      const rest = stored.slice(stored.indexOf(beforeDrop.at(-1) as number) + 1);
      await waitFor(() => resumed.ids().length >= rest.length, {
        message: () => `the rest on replica C (${resumed.ids().length} of ${rest.length})`,
      });
      expect(rest.length).toBeGreaterThan(0);
      expect([...beforeDrop, ...resumed.ids()]).toEqual(stored);
    } finally {
      onA.close();
      resumed.close();
      await closeDatabase(db);
    }
  });
});
