/**
 * `pnpm bench` (in apps/server), fourth part: how late samples are stored when three replicas
 * share the canaries, against one process running them all, on the same PostgreSQL cluster in the
 * same run. BENCH_LAG_CANARIES (default 3 × 30) canaries sample the stub monitor every second for
 * BENCH_LAG_WINDOW_SECONDS (15); a canary's sample k is due at its start + k seconds, and stored
 * when its transaction committed (`track_commit_timestamp`: PostgreSQL's own commit time of each
 * `canary_metrics` row, no polling). Prints p50/p99/max of due → stored for both set-ups and
 * merges its rows into bench/results.json beside the other server rows; never asserts. A runner
 * more than an interval behind takes the newest due slot, so a set-up that lags stores fewer
 * samples than canaries × window: the p99 row's note gives both counts (the lag of a skipped
 * slot is in neither figure).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, fromStoredTime, openPostgresDatabase } from '@lukhas/persistence';
import { type PostgresCluster, startPostgresCluster } from '@lukhas/persistence/testing';
import type { RunningServerProcess } from '@lukhas/test-kit';
import type { BenchRow } from '../../../scripts/bench-results.ts';
import { callTool, mergeBenchRows, quantile, sleep, startReplica } from './fleet-bench-kit.ts';

const REPLICAS = 3;
const CANARIES = Number(process.env.BENCH_LAG_CANARIES ?? REPLICAS * 30);
const WINDOW_SECONDS = Number(process.env.BENCH_LAG_WINDOW_SECONDS ?? 15);
const INTERVAL_SECONDS = 1;
const GROUP = `fleet lag, PostgreSQL, ${CANARIES} canaries sampling every ${INTERVAL_SECONDS} s (stub monitor)`;

/** Due → stored of every sample of one set-up, in ms. */
interface LagRun {
  readonly replicas: number;
  readonly samples: number;
  readonly lagsMs: number[];
  /** Canaries rolled back (a fallback breach); the rest promoted at the window's end. */
  readonly rolledBack: number;
}

const cluster = await startPostgresCluster({ settings: { track_commit_timestamp: 'on' } });
const repoRoot = mkdtempSync(path.join(tmpdir(), 'cockpit-lag-bench-'));
try {
  const single = await runCanaries(cluster, 1);
  const fleet = await runCanaries(cluster, REPLICAS);
  for (const run of [single, fleet]) {
    console.log(
      `${run.replicas} replica(s), ${run.samples} samples, ${run.rolledBack} canaries rolled back: due → stored p50 ${quantile(run.lagsMs, 0.5)} ms, ` +
        `p99 ${quantile(run.lagsMs, 0.99)} ms, max ${Math.max(...run.lagsMs)} ms`,
    );
  }
  const row = (figure: string, share: number, better: BenchRow['better'] = 'lower'): BenchRow => ({
    group: GROUP,
    figure: `${figure}, ${REPLICAS} replicas`,
    unit: 'ms',
    value: quantile(fleet.lagsMs, share),
    comparison: { label: 'one process, same PostgreSQL', value: quantile(single.lagsMs, share) },
    better,
  });
  const rows: BenchRow[] = [
    row('due → stored p50', 0.5),
    {
      ...row('due → stored p99', 0.99),
      note: `${fleet.samples} samples (fleet) and ${single.samples} (one process), commit times from track_commit_timestamp`,
    },
  ];
  const file = mergeBenchRows({
    groupPrefix: 'fleet lag',
    titlePart: 'fleet lag',
    rows,
    details: {
      fleetLag: {
        singleMs: single.lagsMs,
        fleetMs: fleet.lagsMs,
        rolledBack: { single: single.rolledBack, fleet: fleet.rolledBack },
      },
    },
  });
  console.log(`merged into ${file}`);
} finally {
  await cluster.stop();
  rmSync(repoRoot, { recursive: true, force: true });
}

/** Runs every canary on `replicas` processes over a new database, until all are decided. */
async function runCanaries(on: PostgresCluster, replicas: number): Promise<LagRun> {
  const url = await on.createDatabase();
  const processes: RunningServerProcess[] = [];
  const db = await openPostgresDatabase({ url, poolSize: 2 });
  try {
    // One after another: the first migrates the database.
    for (let index = 0; index < replicas; index += 1) {
      // The bench is one client address starting every canary: lift the per-address rate limit.
      const env = { MCP_RL_BUCKET: String(10 * CANARIES) };
      processes.push(await startReplica({ url, replicaId: `lag-${replicas}-${index}`, repoRoot, env }));
    }
    // Started round-robin, a few at a time, as clients behind a load balancer would.
    const canaryIds: string[] = [];
    for (let index = 0; index < CANARIES; index += 8) {
      const batch = Array.from({ length: Math.min(8, CANARIES - index) }, (_, offset) => index + offset);
      const started = await Promise.all(
        batch.map((canary) =>
          callTool(processes[canary % replicas] as RunningServerProcess, 'start_canary', {
            modelId: `lag-model-${canary}`,
            fromGate: 'stage',
            toGate: 'production',
            windowSeconds: WINDOW_SECONDS,
            intervalSeconds: INTERVAL_SECONDS,
            targets: { latency_p95_ms: 800, max_error_rate: 0.05 },
          }),
        ),
      );
      canaryIds.push(...started.map((result) => result.canaryId as string));
    }
    const deadline = Date.now() + (WINDOW_SECONDS + 60) * 1000;
    while (Date.now() < deadline) {
      const { undecided } = await db
        .selectFrom('canaries')
        .select((eb) => eb.fn.countAll<string>().as('undecided'))
        .where('status', 'in', ['running', 'paused'])
        .executeTakeFirstOrThrow();
      if (Number(undecided) === 0) break;
      await sleep(250);
    }
    // Sample k of a canary is due at its start + k intervals; stored when its row committed
    // (`xmin`, the row's transaction: a system column the schema types do not list).
    const rows = await db
      .selectFrom('canary_metrics as m')
      .innerJoin('canaries as c', 'c.id', 'm.canary_id')
      .select((eb) => [
        'm.seq',
        'c.started_at',
        eb.fn<Date>('pg_xact_commit_timestamp', [eb.ref('m.xmin' as 'm.seq')]).as('committed_at'),
      ])
      .execute();
    const lagsMs = rows.map(
      (row) =>
        row.committed_at.getTime() -
        (Date.parse(fromStoredTime(row.started_at)) + row.seq * INTERVAL_SECONDS * 1000),
    );
    // A sample slower than its timeout (a loaded machine) is a fallback breach: that canary rolls
    // back early and stores fewer samples. Counted, so a short sample count is explained.
    const rolledBack = await db
      .selectFrom('canaries')
      .select('id')
      .where('status', '=', 'rolled_back')
      .execute();
    return { replicas, samples: lagsMs.length, lagsMs, rolledBack: rolledBack.length };
  } finally {
    for (const server of processes) await server.kill();
    await closeDatabase(db);
  }
}
