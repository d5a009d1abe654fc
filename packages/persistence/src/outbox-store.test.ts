import { OUTBOX_HANDOFF_MS, type OutboxMessage, outboxRetryDelayMs, STORE_ERROR } from '@lukhas/core';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  SelectQueryNode,
  TableNode,
  type UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase } from './open-database.ts';
import { openPostgresDatabase } from './open-postgres.ts';
import { isPersistenceError } from './persistence-error.ts';
import {
  describeEachBackend,
  job,
  jobTransition,
  type PostgresCluster,
  startPostgresCluster,
  T0,
} from './testing.ts';

const LEASE_MS = 60_000;
const hook = (key: string): OutboxMessage => ({
  kind: 'canary.webhook',
  key,
  payload: { hook: 'on_promote' },
});

describeEachBackend('outbox store', (backend) => {
  it('stores a transition’s calls with it, due once the writer’s hand-off has passed, each claimed once per lease', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition({ ...jobTransition(job('job_1', T0), T0), outbox: [hook('job_1:done')] });
    expect(await store.outboxStats(T0 + 5000)).toEqual({ depth: 1, oldestAgeSeconds: 5 });
    const claim = (now: number) =>
      store.claimOutbox({ owner: 'replica-b', now, leaseMs: LEASE_MS, limit: 10 });

    expect(await claim(T0 + OUTBOX_HANDOFF_MS - 1)).toEqual([]); // the writer's own attempt comes first
    const [entry] = await claim(T0 + OUTBOX_HANDOFF_MS);
    expect(entry).toMatchObject({
      key: 'job_1:done',
      kind: 'canary.webhook',
      attempts: 0,
      entityId: 'job_1',
    });
    expect(entry?.payload).toEqual({ hook: 'on_promote' });
    expect(entry?.createdAt).toBe(new Date(T0).toISOString());
    expect(await claim(T0 + OUTBOX_HANDOFF_MS + LEASE_MS - 1)).toEqual([]); // leased
    const settledAt = T0 + OUTBOX_HANDOFF_MS + 1000;
    await store.settleOutbox('job_1:done', { outcome: 'retry', error: 'HTTP 5xx', at: settledAt });
    expect(await claim(settledAt + outboxRetryDelayMs(1) - 1)).toEqual([]);
    expect(await claim(settledAt + outboxRetryDelayMs(1))).toEqual([
      expect.objectContaining({ key: 'job_1:done', attempts: 1 }),
    ]);
    expect(await store.settleOutbox('job_1:done', { outcome: 'delivered', at: settledAt + 5000 })).toBe(true);
    expect(await claim(T0 + 3_600_000)).toEqual([]);
    expect(await store.outboxStats(T0 + 3_600_000)).toEqual({ depth: 0, oldestAgeSeconds: 0 });
    // A late settle (another replica's slower attempt) changes nothing.
    expect(
      await store.settleOutbox('job_1:done', {
        outcome: 'given_up',
        error: 'HTTP 4xx',
        at: settledAt + 6000,
      }),
    ).toBe(false);
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'delivered', attempts: 2, last_error: null });
    await closeDatabase(db);
  });

  it('stores nothing owed when the transition is refused, and the outboxFor hook’s calls with the event', async () => {
    const { db, store } = await backend.openStore({
      outboxFor: (event) =>
        event.type === 'completed'
          ? [{ kind: 'notification', key: `notification:${event.id}`, payload: event }]
          : [],
    });
    const queued = job('job_1', T0);
    await store.recordTransition(jobTransition(queued, T0));
    const stale = store.recordTransition({
      ...jobTransition({ ...queued, status: 'completed' }, T0 + 1, 'completed'),
      expectStatus: 'running',
      outbox: [hook('job_1:stale')],
    });
    await expect(stale).rejects.toSatisfy((error) => isPersistenceError(error, STORE_ERROR.STALE_STATE));
    expect(await store.outboxStats(T0 + 2)).toEqual({ depth: 0, oldestAgeSeconds: 0 });

    const completed = await store.recordTransition(
      jobTransition({ ...queued, status: 'completed' }, T0 + 3, 'completed'),
    );
    const [entry] = await store.claimOutbox({
      owner: 'replica-a',
      now: T0 + OUTBOX_HANDOFF_MS + 3,
      leaseMs: LEASE_MS,
      limit: 10,
    });
    expect(entry).toMatchObject({ key: `notification:${completed.id}`, kind: 'notification' });
    expect(entry?.payload).toEqual(JSON.parse(JSON.stringify(completed)));
    // A message given up on (a final refusal) leaves the depth.
    await store.settleOutbox(entry?.key as string, {
      outcome: 'given_up',
      error: 'HTTP 4xx',
      at: T0 + 20_000,
    });
    expect((await store.outboxStats(T0 + 20_000)).depth).toBe(0);
    await closeDatabase(db);
  });
});

// PostgreSQL only: replicas claiming at once, each over its own pool (SQLite has one writer).
describe('outbox claims of two replicas on PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  });
  afterAll(() => cluster.stop());

  it('skips the rows another replica is claiming instead of waiting for them or taking them too', async () => {
    const url = await cluster.createDatabase();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let selected!: () => void;
    const aSelected = new Promise<void>((resolve) => {
      selected = resolve;
    });
    // Replica A stops inside its claim, right after its SELECT … FOR UPDATE SKIP LOCKED.
    const a = await openPostgresDatabase({
      url,
      poolSize: 2,
      plugins: [holdOutboxSelects(selected, released)],
    });
    const b = await openPostgresDatabase({ url, poolSize: 2 });
    try {
      await migrateToLatest(b);
      const writer = createCockpitStore(b);
      for (let index = 0; index < 10; index += 1) {
        await writer.recordTransition({
          ...jobTransition(job(`job_${index}`, T0), T0),
          outbox: [hook(`job_${index}:done`)],
        });
      }
      const now = T0 + OUTBOX_HANDOFF_MS;
      const claimA = createCockpitStore(a).claimOutbox({
        owner: 'replica-a',
        now,
        leaseMs: LEASE_MS,
        limit: 4,
      });
      await aSelected;
      const claimedByB = await writer.claimOutbox({ owner: 'replica-b', now, leaseMs: LEASE_MS, limit: 10 });
      release();
      const claimedByA = await claimA;
      expect(claimedByA.map((entry) => entry.key)).toEqual([0, 1, 2, 3].map((index) => `job_${index}:done`));
      expect(claimedByB.map((entry) => entry.key)).toEqual(
        [4, 5, 6, 7, 8, 9].map((index) => `job_${index}:done`),
      );
    } finally {
      await closeDatabase(a);
      await closeDatabase(b);
    }
  });
});

/** Calls `selected()` then waits for `released` after the first SELECT from outbox returned. */
function holdOutboxSelects(selected: () => void, released: Promise<void>): KyselyPlugin {
  const selects = new WeakSet<object>();
  let held = false;
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const { node } = args;
      if (SelectQueryNode.is(node) && !held) {
        const from = node.from?.froms[0];
        if (from !== undefined && TableNode.is(from) && from.table.identifier.name === 'outbox') {
          held = true;
          selects.add(args.queryId);
        }
      }
      return node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      if (selects.has(args.queryId)) {
        selected();
        await released;
      }
      return args.result;
    },
  };
}
