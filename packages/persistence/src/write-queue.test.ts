// PostgreSQL only: the hazard is a sequence handing out ids before COMMIT with several pooled
// connections; SQLite has one writer, so its ids always commit in order.
import type { CockpitEvent } from '@lukhas/core';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import type { Database } from './database-schema.ts';
import { holdEventInserts } from './fixtures/hold-event-inserts.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase } from './open-database.ts';
import { openPostgresDatabase } from './open-postgres.ts';
import { job, jobTransition, type PostgresCluster, startPostgresCluster, T0 } from './testing.ts';

/** Every event after `afterId`, read the way the SSE bus resumes a client: by id. */
async function eventIdsAfter(db: Kysely<Database>, afterId: number): Promise<number[]> {
  const store = createCockpitStore(db);
  return (await store.eventsAfter({ afterId, selection: { all: true }, limit: 10_000 })).map(
    (event) => event.id,
  );
}

describe('the write queue on PostgreSQL: events commit in id order', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster.stop());

  it('is needed: outside it, id 2 commits while id 1 is still invisible, and a reader by id skips 1', async () => {
    const db = await openPostgresDatabase({ url: await cluster.createDatabase(), poolSize: 4 });
    await migrateToLatest(db);
    const row = {
      created_at: '2025-10-03 14:20:00.000',
      kind: 'job',
      type: 'queued',
      data: '{}',
      narrative: '',
    };
    const insertEvent = (transaction: Kysely<Database>, jobId: string) =>
      transaction
        .insertInto('events')
        .values({ ...row, topic: `job/${jobId}`, entity_id: jobId })
        .returning('id')
        .executeTakeFirstOrThrow();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstId = 0;
    let taken!: () => void;
    const firstTookItsId = new Promise<void>((resolve) => {
      taken = resolve;
    });
    const slow = db.transaction().execute(async (transaction) => {
      firstId = (await insertEvent(transaction, 'job_slow')).id;
      taken();
      await held; // still uncommitted
    });
    await firstTookItsId;
    const second = await db.transaction().execute((transaction) => insertEvent(transaction, 'job_fast'));
    expect(second.id).toBe(firstId + 1);
    expect(await eventIdsAfter(db, 0)).toEqual([second.id]); // a reader now moves past firstId…
    release();
    await slow;
    expect(await eventIdsAfter(db, second.id)).toEqual([]); // …and resuming after second.id never sees it
    expect(await eventIdsAfter(db, 0)).toEqual([firstId, second.id]);
    await closeDatabase(db);
  });

  it('serialises every store over one database: concurrent writers, a reader by id misses nothing', async () => {
    const db = await openPostgresDatabase({
      url: await cluster.createDatabase(),
      poolSize: 10,
      // Each event insert held a few random ms: without serialised writers, later ids would often commit first.
      plugins: [holdEventInserts(() => new Promise((resolve) => setTimeout(resolve, Math.random() * 15)))],
    });
    await migrateToLatest(db);
    // Two stores over one database, as two parts of one process could build them.
    const heard: number[][] = [[], []];
    const stores = heard.map((ids) => createCockpitStore(db, { onEvent: (event) => ids.push(event.id) }));
    const seen: number[] = [];
    let writing = true;
    // The reader polls by id as the bus resumes a client, moving its cursor past what it saw.
    const reader = (async () => {
      let cursor = 0;
      while (writing) {
        const ids = await eventIdsAfter(db, cursor);
        seen.push(...ids);
        cursor = ids.at(-1) ?? cursor;
      }
      seen.push(...(await eventIdsAfter(db, cursor)));
    })();
    const writers = Array.from({ length: 20 }, async (_, writer) => {
      const store = stores[writer % 2] as (typeof stores)[number];
      const stored: CockpitEvent[] = [];
      for (let step = 0; step < 8; step += 1) {
        const record = job(`job_${writer}_${step}`, T0 + step);
        stored.push(await store.recordTransition(jobTransition(record, T0 + step)));
      }
      return stored;
    });
    const written = (await Promise.all(writers)).flat().map((event) => event.id);
    writing = false;
    await reader;

    const all = [...written].sort((a, b) => a - b);
    expect(all).toHaveLength(160);
    expect(seen).toEqual(all); // every id, once, in order: none skipped by the cursor
    for (const ids of heard) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(heard.flat().sort((a, b) => a - b)).toEqual(all);
    await closeDatabase(db);
  });
});
