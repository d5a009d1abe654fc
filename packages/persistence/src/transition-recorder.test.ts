import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CockpitEvent, TransitionRecord } from '@lukhas/core';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCanaryLeaseStore } from './canary-lease-store.ts';
import { createCockpitStore } from './cockpit-store.ts';
import { GROUP_COMMIT_MAX_BATCH } from './group-commit.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase, openDatabase } from './open-database.ts';
import { isPersistenceError, type PersistenceError } from './persistence-error.ts';
import {
  canary,
  canaryTransition,
  describeEachBackend,
  job,
  jobTransition,
  sample,
  T0,
  type TestStore,
} from './testing.ts';

async function rowCounts(db: TestStore['db']) {
  const count = async (
    table: 'jobs' | 'canaries' | 'canary_metrics' | 'audits' | 'audits_narrative' | 'events',
  ) =>
    (
      await db
        .selectFrom(table)
        .select((select) => select.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return {
    jobs: await count('jobs'),
    canaries: await count('canaries'),
    samples: await count('canary_metrics'),
    audits: await count('audits'),
    narrative: await count('audits_narrative'),
    events: await count('events'),
  };
}

describeEachBackend('recordTransition', (backend) => {
  it('stores the job, its audit, narrative line and event, and returns the event', async () => {
    const { db, store } = await backend.openStore();
    const queued = job('job_9hd', T0, { configId: 'cfg-1', details: { simulated: true } });
    const event = await store.recordTransition(jobTransition(queued, T0 + 5_123));

    expect(event).toEqual({
      id: 1,
      topic: 'job/job_9hd',
      kind: 'job',
      entityId: 'job_9hd',
      type: 'queued',
      ts: '2025-10-03T14:20:05.123Z',
      data: { jobId: 'job_9hd', status: 'queued' },
      narrative: '[2025-10-03 14:20] job_9hd → queued',
    });
    expect(await store.getJob('job_9hd')).toEqual(queued);
    expect(await store.eventsAfter({ afterId: 0, selection: { all: true } })).toEqual([event]);
    const [audit] = await collect(store.auditsBetween({ from: T0, to: T0 + 60_000 }));
    expect(audit).toEqual({
      id: 1,
      createdAt: '2025-10-03T14:20:05.123Z',
      actor: 'system',
      action: 'job.queued',
      entityType: 'job',
      entityId: 'job_9hd',
      details: { status: 'queued' },
    });
    expect(await store.narrativeFor('job_9hd')).toEqual([
      {
        id: 1,
        createdAt: '2025-10-03T14:20:05.123Z',
        eventType: 'queued',
        entityId: 'job_9hd',
        entityType: 'job',
        message: 'job_9hd → queued',
        line: '[2025-10-03 14:20] job_9hd → queued',
        operator: 'system',
        context: { taskId: 'lukhas-agi-stress' },
      },
    ]);
    await closeDatabase(db);
  });

  it('replaces the entity with its full new state on the next transition', async () => {
    const { db, store } = await backend.openStore();
    const queued = job('job_1', T0);
    await store.recordTransition(jobTransition(queued, T0));
    const running = {
      ...queued,
      status: 'running' as const,
      progress: 0.5,
      message: 'half way',
      startedAt: new Date(T0 + 1000).toISOString(),
      updatedAt: new Date(T0 + 2000).toISOString(),
    };
    await store.recordTransition(jobTransition(running, T0 + 2000, 'progress'));
    expect(await store.getJob('job_1')).toEqual(running);
    expect(await rowCounts(db)).toMatchObject({ jobs: 1, audits: 2, narrative: 2, events: 2 });
    await closeDatabase(db);
  });

  it('records a promotion: canary, model gate, and a narrative line findable by the model id', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'lukhas-agi-v3', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const promoted = {
      ...running,
      status: 'promoted' as const,
      decidedAt: new Date(T0 + 300_000).toISOString(),
      decision: { outcome: 'promote' as const, rule: 'window_elapsed' as const, reason: 'window elapsed' },
    };
    const event = await store.recordTransition(
      canaryTransition(promoted, T0 + 300_000, 'promoted', {
        model: { modelId: 'lukhas-agi-v3', gate: 'production', canaryId: 'canary_1' },
      }),
    );
    expect(event).toMatchObject({ topic: 'canary/canary_1', kind: 'canary', type: 'promoted' });
    expect(await store.getCanary('canary_1')).toEqual(promoted);
    expect(await store.getModel('lukhas-agi-v3')).toEqual({
      modelId: 'lukhas-agi-v3',
      gate: 'production',
      canaryId: 'canary_1',
      updatedAt: '2025-10-03T14:25:00.000Z',
    });
    const lines = await store.narrativeFor('lukhas-agi-v3');
    expect(lines.map((line) => line.eventType)).toEqual(['started', 'promoted']);
    expect(lines.every((line) => line.entityType === 'canary' && line.entityId === 'canary_1')).toBe(true);
    await closeDatabase(db);
  });

  it('stores nothing when a step fails mid-way (a sample of an unknown canary breaks the foreign key)', async () => {
    const events: CockpitEvent[] = [];
    const { db, store } = await backend.openStore({ onEvent: (event) => events.push(event) });
    const record: TransitionRecord = {
      ...jobTransition(job('job_1', T0), T0),
      sample: sample({ canaryId: 'canary_missing', modelId: 'm' }, 1, T0, { latency: 100, errorRate: 0 }),
    };

    const error = (await store
      .recordTransition(record)
      .catch((caught: unknown) => caught)) as PersistenceError;

    expect(isPersistenceError(error, 'TRANSITION_FAILED')).toBe(true);
    expect(error.message).toContain('job job_1');
    expect(error.message).toContain('nothing of it was stored');
    expect(String((error.cause as Error).message)).toMatch(/FOREIGN KEY/i);
    expect(await rowCounts(db)).toEqual({
      jobs: 0,
      canaries: 0,
      samples: 0,
      audits: 0,
      narrative: 0,
      events: 0,
    });
    expect(events).toEqual([]);
    expect(await store.lastEventId()).toBe(0);

    const next = await store.recordTransition(jobTransition(job('job_2', T0), T0));
    expect(next.id).toBe(1);
    expect(events).toEqual([next]);
    await closeDatabase(db);
  });

  it('never stores a sample twice: a repeated (canary, seq) fails the whole transition', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const first = sample(running, 1, T0 + 30_000, { latency: 100, errorRate: 0 });
    await store.recordTransition(canaryTransition(running, T0 + 30_000, 'metric', { sample: first }));
    const changed = { ...running, updatedAt: new Date(T0 + 60_000).toISOString() };
    const again = canaryTransition(changed, T0 + 60_000, 'metric', { sample: { ...first, at: T0 + 60_000 } });

    await expect(store.recordTransition(again)).rejects.toMatchObject({ code: 'TRANSITION_FAILED' });
    expect(await store.samplesOf('canary_1')).toHaveLength(1);
    expect(await store.getCanary('canary_1')).toEqual(running);
    expect(await rowCounts(db)).toMatchObject({ audits: 2, narrative: 2, events: 2 });
    await closeDatabase(db);
  });

  it('refuses a transition with no job, canary, sample or model to publish about', async () => {
    const { db, store } = await backend.openStore();
    const { job: _job, ...bare } = jobTransition(job('job_1', T0), T0);
    await expect(store.recordTransition(bare)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await rowCounts(db)).toMatchObject({ audits: 0, events: 0 });
    await closeDatabase(db);
  });

  it('gives strictly increasing ids and tells onEvent in id order, even for concurrent calls', async () => {
    const seen: number[] = [];
    const { db, store } = await backend.openStore({ onEvent: (event) => seen.push(event.id) });
    const returned = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        store.recordTransition(jobTransition(job(`job_${index}`, T0 + index), T0 + index)),
      ),
    );
    const ids = returned.map((event) => event.id);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(seen).toEqual(ids);
    await closeDatabase(db);
  });

  it('group-commits concurrent transitions, each with its own precondition, lease fence and event id', async () => {
    const heard: CockpitEvent[] = [];
    const { db, store } = await backend.openStore({ onEvent: (event) => heard.push(event) });
    const running = canary('canary_1', 'm', T0);
    const leased = canary('canary_2', 'm2', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    await store.recordTransition(canaryTransition(leased, T0, 'started'));
    await createCanaryLeaseStore(db).acquireLease({
      canaryId: 'canary_2',
      owner: 'r1',
      now: T0,
      ttlMs: 60_000,
    });
    const promoted = { ...running, status: 'promoted' as const, decidedAt: new Date(T0 + 1).toISOString() };
    const rolledBack = {
      ...running,
      status: 'rolled_back' as const,
      decidedAt: new Date(T0 + 1).toISOString(),
    };
    const metric = { ...leased, updatedAt: new Date(T0 + 1).toISOString() };

    // Submitted in one tick: one batch. The second decision sees the first one's new status.
    const results = await Promise.allSettled([
      store.recordTransition(jobTransition(job('job_a', T0), T0)),
      store.recordTransition({ ...canaryTransition(promoted, T0 + 1, 'promoted'), expectStatus: 'running' }),
      store.recordTransition(jobTransition(job('job_b', T0), T0)),
      store.recordTransition({
        ...canaryTransition(rolledBack, T0 + 1, 'rolled_back'),
        expectStatus: 'running',
      }),
      store.recordTransition({
        ...canaryTransition(metric, T0 + 1, 'metric'),
        lease: { canaryId: 'canary_2', owner: 'r2', token: 1 },
      }),
      store.recordTransition(jobTransition(job('job_c', T0), T0)),
    ]);

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(results[3]).toMatchObject({ reason: { code: 'STALE_STATE' } });
    expect((results[3] as PromiseRejectedResult).reason.message).toContain('canary canary_1 is "promoted"');
    expect(results[4]).toMatchObject({ reason: { code: 'LEASE_LOST' } });
    const stored = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    // Ids without gaps, in submission order, and the listener heard exactly these, in id order.
    expect(stored.map((event) => event.id)).toEqual([3, 4, 5, 6]);
    expect(stored.map((event) => event.entityId)).toEqual(['job_a', 'canary_1', 'job_b', 'job_c']);
    expect(heard.slice(2)).toEqual(stored);
    expect(await store.eventsAfter({ afterId: 2, selection: { all: true } })).toEqual(stored);
    expect((await store.getCanary('canary_1'))?.status).toBe('promoted');
    expect(await store.getCanary('canary_2')).toEqual(leased);
    expect(await rowCounts(db)).toMatchObject({ jobs: 3, audits: 6, narrative: 6, events: 6 });
    await closeDatabase(db);
  });

  it('fails only the transition that breaks half-way through a batch; the others commit', async () => {
    const heard: number[] = [];
    const { db, store } = await backend.openStore({ onEvent: (event) => heard.push(event.id) });
    const broken: TransitionRecord = {
      ...jobTransition(job('job_broken', T0), T0),
      sample: sample({ canaryId: 'canary_missing', modelId: 'm' }, 1, T0, { latency: 100, errorRate: 0 }),
    };
    const results = await Promise.allSettled([
      store.recordTransition(jobTransition(job('job_a', T0), T0)),
      store.recordTransition(broken),
      store.recordTransition(jobTransition(job('job_b', T0), T0)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[1]).toMatchObject({
      reason: { code: 'TRANSITION_FAILED', message: expect.stringContaining('job job_broken') },
    });
    expect(heard).toEqual([1, 2]);
    expect(await store.getJob('job_broken')).toBeUndefined();
    expect(await rowCounts(db)).toEqual({
      jobs: 2,
      canaries: 0,
      samples: 0,
      audits: 2,
      narrative: 2,
      events: 2,
    });
    await closeDatabase(db);
  });

  it('keeps the stored transition when onEvent throws, and says so', async () => {
    let fail = true;
    const { db, store } = await backend.openStore({
      onEvent: () => {
        if (fail) throw new Error('bus closed');
      },
    });
    await expect(store.recordTransition(jobTransition(job('job_1', T0), T0))).rejects.toMatchObject({
      code: 'EVENT_LISTENER_FAILED',
      message: expect.stringContaining('Event 1 (job/job_1 queued) was stored'),
    });
    expect(await store.getJob('job_1')).toBeDefined();
    fail = false;
    expect((await store.recordTransition(jobTransition(job('job_2', T0), T0))).id).toBe(2);
    await closeDatabase(db);
  });
});

// SQLite only: onEvent is synchronous, so the test looks from inside it through a second,
// synchronous connection (better-sqlite3); PostgreSQL has no synchronous client to look with.
describe('recordTransition (sqlite only)', () => {
  it('tells onEvent only after COMMIT: another connection already sees the event', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'persistence-commit-'));
    const file = join(directory, 'cockpit.db');
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const reader = new BetterSqlite3(file, { readonly: true });
    const visibleToOthers: boolean[] = [];
    const store = createCockpitStore(db, {
      onEvent: (event) => {
        const row = reader.prepare('SELECT id FROM events WHERE id = ?').get(event.id);
        visibleToOthers.push(row !== undefined);
      },
    });
    await store.recordTransition(jobTransition(job('job_1', T0), T0));
    await store.recordTransition(jobTransition(job('job_2', T0), T0));
    expect(visibleToOthers).toEqual([true, true]);
    reader.close();
    await closeDatabase(db);
    rmSync(directory, { recursive: true, force: true });
  });
});

// SQLite only, for the same reason: a synchronous reader looks from inside the first listener call.
describe('group commit (sqlite only)', () => {
  it('commits a batch as one transaction: at the first onEvent every event of the batch is visible', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'persistence-batch-'));
    const file = join(directory, 'cockpit.db');
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const reader = new BetterSqlite3(file, { readonly: true });
    const visibleAtEachCall: number[] = [];
    const store = createCockpitStore(db, {
      onEvent: () => {
        visibleAtEachCall.push(reader.prepare('SELECT COUNT(*) FROM events').pluck().get() as number);
      },
    });
    await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        store.recordTransition(jobTransition(job(`job_${index}`, T0), T0)),
      ),
    );
    // One at a time, the first call would see 1 event; one batch, it sees all 5.
    expect(visibleAtEachCall).toEqual([5, 5, 5, 5, 5]);
    reader.close();
    await closeDatabase(db);
    rmSync(directory, { recursive: true, force: true });
  });

  it('caps a batch at GROUP_COMMIT_MAX_BATCH transitions', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'persistence-batch-'));
    const file = join(directory, 'cockpit.db');
    const db = openDatabase({ file });
    await migrateToLatest(db, { file });
    const reader = new BetterSqlite3(file, { readonly: true });
    const visibleAtEachCall: number[] = [];
    const store = createCockpitStore(db, {
      onEvent: () => {
        visibleAtEachCall.push(reader.prepare('SELECT COUNT(*) FROM events').pluck().get() as number);
      },
    });
    const total = GROUP_COMMIT_MAX_BATCH + 10;
    await Promise.all(
      Array.from({ length: total }, (_, index) =>
        store.recordTransition(jobTransition(job(`job_${index}`, T0), T0)),
      ),
    );
    expect(new Set(visibleAtEachCall)).toEqual(new Set([GROUP_COMMIT_MAX_BATCH, total]));
    reader.close();
    await closeDatabase(db);
    rmSync(directory, { recursive: true, force: true });
  });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
