// PostgreSQL only: the hazard is several processes taking event ids from one sequence and
// committing out of order; SQLite has one writer and the server feeds its bus from `onEvent`.
// Each "replica" here is its own Kysely and pool over one database, as separate processes are:
// they share no write queue.
import type { CockpitEvent } from '@lukhas/core';
import { waitFor } from '@lukhas/test-kit';
import type { Kysely, KyselyPlugin } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import type { Database } from './database-schema.ts';
import { type EventFollower, followEvents } from './event-follower.ts';
import { holdEventInserts } from './fixtures/hold-event-inserts.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase } from './open-database.ts';
import { openPostgresDatabase } from './open-postgres.ts';
import { job, jobTransition, type PostgresCluster, startPostgresCluster, T0 } from './testing.ts';

let cluster: PostgresCluster;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  cluster = await startPostgresCluster();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => cluster.stop());

/** A replica's own pool over `url`, closed after the test. */
async function replica(url: string, plugins: KyselyPlugin[] = []): Promise<Kysely<Database>> {
  const db = await openPostgresDatabase({ url, poolSize: 4, plugins });
  cleanups.push(() => closeDatabase(db));
  return db;
}

/** A follower over `db` collecting the ids it hands on, closed after the test (before its pool). */
async function follow(
  db: Kysely<Database>,
  pollIntervalMs = 60_000,
): Promise<{ follower: EventFollower; ids: number[] }> {
  const ids: number[] = [];
  const follower = await followEvents(db, {
    afterId: 0,
    pollIntervalMs,
    onEvent: (event: CockpitEvent) => ids.push(event.id),
  });
  cleanups.push(() => follower.close());
  return { follower, ids };
}

/** Sessions waiting for an advisory lock (the event commit order). */
async function advisoryLockWaiters(): Promise<number> {
  const result = await cluster.query(
    "SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
  );
  return (result.rows[0] as { waiting: number }).waiting;
}

describe('following events written by several replicas on PostgreSQL', () => {
  it('never skips an id that commits late: 11 waits for 10, so a reader that saw 11 already saw 10', async () => {
    const url = await cluster.createDatabase();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let tookId!: () => void;
    const firstTookItsId = new Promise<void>((resolve) => {
      tookId = resolve;
    });
    // Replica A holds its transaction open right after its event INSERT took an id.
    const slow = await replica(url, [
      holdEventInserts(async () => {
        tookId();
        await released;
      }),
    ]);
    await migrateToLatest(slow);
    const fast = await replica(url);
    const { follower, ids } = await follow(await replica(url));

    const first = createCockpitStore(slow).recordTransition(jobTransition(job('job_slow', T0), T0));
    await firstTookItsId;
    let secondSettled = false;
    const second = createCockpitStore(fast)
      .recordTransition(jobTransition(job('job_fast', T0 + 1), T0 + 1))
      .finally(() => {
        secondSettled = true;
      });
    // Replica B either waits for A (the fix) or commits its later id first (the hazard).
    await waitFor(async () => secondSettled || (await advisoryLockWaiters()) > 0, {
      message: "replica B's transition to wait for A's or to commit",
    });
    await follower.catchUp();
    expect(ids).toEqual([]); // nothing is visible while the smaller id is in flight
    expect(await createCockpitStore(fast).lastEventId()).toBe(0);

    release();
    const [firstEvent, secondEvent] = await Promise.all([first, second]);
    expect(secondEvent.id).toBeGreaterThan(firstEvent.id);
    await follower.catchUp();
    expect(ids).toEqual([firstEvent.id, secondEvent.id]);
  });

  it('hands every replica every event once, in id order, woken by LISTEN/NOTIFY, while three replicas write', async () => {
    const url = await cluster.createDatabase();
    // Each event INSERT holds its transaction a few random ms: without the order, later ids would
    // often commit first.
    const jitter = () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 10));
    const replicas = await Promise.all([0, 1, 2].map(() => replica(url, [holdEventInserts(jitter)])));
    await migrateToLatest(replicas[0] as Kysely<Database>);
    // No poll in the test's time and no local wake: only the NOTIFY of another replica's COMMIT
    // (or its own) can bring the events.
    const followers = await Promise.all(replicas.map((db) => follow(db)));
    const writers = replicas.flatMap((db, replicaIndex) =>
      Array.from({ length: 4 }, async (_, writer) => {
        const store = createCockpitStore(db);
        const stored: number[] = [];
        for (let step = 0; step < 8; step += 1) {
          const record = job(`job_${replicaIndex}_${writer}_${step}`, T0 + step);
          stored.push((await store.recordTransition(jobTransition(record, T0 + step))).id);
        }
        return stored;
      }),
    );
    const written = (await Promise.all(writers)).flat().sort((a, b) => a - b);
    expect(written).toHaveLength(96);
    for (const [index, { ids }] of followers.entries()) {
      await waitFor(() => ids.length >= written.length, {
        message: () => `replica ${index}'s follower to hear ${written.length} events (has ${ids.length})`,
      });
      expect(ids).toEqual(written);
    }
  });

  it('starts after the newest stored event and re-opens a LISTEN connection the server closed', async () => {
    const url = await cluster.createDatabase();
    const db = await replica(url);
    await migrateToLatest(db);
    const store = createCockpitStore(db);
    const before = await store.recordTransition(jobTransition(job('job_before', T0), T0));
    const ids: number[] = [];
    const errors: string[] = [];
    const follower = await followEvents(db, {
      // Reconnects after this long; a poll this often would also find the event, so the test
      // checks the LISTEN session itself came back.
      pollIntervalMs: 200,
      onEvent: (event) => ids.push(event.id),
      onError: (error) => errors.push(error.message),
    });
    cleanups.push(() => follower.close());
    expect(follower.position()).toBe(before.id);
    const listening = async () =>
      (
        await cluster.query(
          "SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN lukhas_events' AND state = 'idle'",
        )
      ).rows as { pid: number }[];
    const [session] = await waitFor(async () => {
      const rows = await listening();
      return rows.length === 1 ? rows : undefined;
    });
    await cluster.query(`SELECT pg_terminate_backend(${(session as { pid: number }).pid})`);
    await waitFor(() => errors.some((message) => message.startsWith('event LISTEN connection failed')), {
      message: 'the follower to notice its LISTEN connection ended',
    });
    await waitFor(async () => (await listening()).some((row) => row.pid !== session?.pid), {
      message: 'a new LISTEN session',
    });
    const after = await store.recordTransition(jobTransition(job('job_after', T0 + 1), T0 + 1));
    await waitFor(() => ids.includes(after.id), { message: 'the event after the reconnect' });
    expect(ids).toEqual([after.id]);
  });
});
