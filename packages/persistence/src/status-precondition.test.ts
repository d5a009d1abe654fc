import { join } from 'node:path';
import type { CockpitEvent } from '@lukhas/core';
import { createTempDirs } from '@lukhas/test-kit';
import BetterSqlite3 from 'better-sqlite3';
import { type KyselyPlugin, SelectQueryNode, TableNode } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createCockpitStore } from './cockpit-store.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase, openDatabase } from './open-database.ts';
import { canary, canaryTransition, describeEachBackend, job, jobTransition, sample, T0 } from './testing.ts';

const promotedAt = T0 + 300_000;

function promoted(running: ReturnType<typeof canary>) {
  return {
    ...running,
    status: 'promoted' as const,
    decidedAt: new Date(promotedAt).toISOString(),
    decision: { outcome: 'promote' as const, rule: 'window_elapsed' as const, reason: 'window elapsed' },
  };
}

describeEachBackend('expectStatus', (backend) => {
  it('stores the transition when the stored status matches', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const event = await store.recordTransition({
      ...canaryTransition(promoted(running), promotedAt, 'promoted'),
      expectStatus: 'running',
    });
    expect(event.type).toBe('promoted');
    expect((await store.getCanary('canary_1'))?.status).toBe('promoted');
    await closeDatabase(db);
  });

  it('refuses a second decision: STALE_STATE, nothing stored, no event published', async () => {
    const events: CockpitEvent[] = [];
    const { db, store } = await backend.openStore({ onEvent: (event) => events.push(event) });
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    await store.recordTransition({
      ...canaryTransition(promoted(running), promotedAt, 'promoted', {
        model: { modelId: 'm', gate: 'production', canaryId: 'canary_1' },
      }),
      expectStatus: 'running',
    });
    const rolledBack = { ...promoted(running), status: 'rolled_back' as const };

    const error = await store
      .recordTransition({
        ...canaryTransition(rolledBack, promotedAt + 1, 'rolled_back', {
          model: { modelId: 'm', gate: 'stage', canaryId: 'canary_1' },
        }),
        expectStatus: 'running',
      })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({
      name: 'PersistenceError',
      code: 'STALE_STATE',
      message:
        'Could not record "canary.rolled_back": canary canary_1 is "promoted", expected "running"; nothing was stored',
    });
    expect((await store.getCanary('canary_1'))?.status).toBe('promoted');
    expect((await store.getModel('m'))?.gate).toBe('production');
    expect(events.map((event) => event.type)).toEqual(['started', 'promoted']);
    expect((await store.narrativeFor('canary_1')).map((line) => line.eventType)).toEqual([
      'started',
      'promoted',
    ]);
    await closeDatabase(db);
  });

  it('guards a sample by its canary: no sample after the decision', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    await store.recordTransition(canaryTransition(promoted(running), promotedAt, 'promoted'));
    const late = sample(running, 1, promotedAt, { latency: 100, errorRate: 0 });
    const { canary: _canary, ...metric } = canaryTransition(running, promotedAt, 'metric', { sample: late });

    await expect(store.recordTransition({ ...metric, expectStatus: 'running' })).rejects.toMatchObject({
      code: 'STALE_STATE',
    });
    expect(await store.samplesOf('canary_1')).toEqual([]);
    await closeDatabase(db);
  });

  it('accepts any of several statuses, and treats a missing row as stale', async () => {
    const { db, store } = await backend.openStore();
    const queued = job('job_1', T0);
    await expect(
      store.recordTransition({ ...jobTransition(queued, T0), expectStatus: 'queued' }),
    ).rejects.toMatchObject({ code: 'STALE_STATE', message: expect.stringContaining('does not exist') });
    await store.recordTransition(jobTransition(queued, T0));
    const cancelled = { ...queued, status: 'cancelled' as const };
    await store.recordTransition({
      ...jobTransition(cancelled, T0 + 1, 'cancelled'),
      expectStatus: ['queued', 'running'],
    });
    await expect(
      store.recordTransition({
        ...jobTransition({ ...queued, status: 'running' }, T0 + 2, 'running'),
        expectStatus: ['queued', 'running'],
      }),
    ).rejects.toMatchObject({
      code: 'STALE_STATE',
      message: expect.stringContaining('"queued" or "running"'),
    });
    expect((await store.getJob('job_1'))?.status).toBe('cancelled');
    await closeDatabase(db);
  });

  it('refuses a precondition it cannot check (a model-only transition, no statuses)', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const { canary: _canary, ...modelOnly } = canaryTransition(running, T0, 'promoted', {
      model: { modelId: 'm', gate: 'production', canaryId: 'canary_1' },
    });
    await expect(store.recordTransition({ ...modelOnly, expectStatus: 'running' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await expect(
      store.recordTransition({ ...canaryTransition(running, T0, 'metric'), expectStatus: [] }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await store.getModel('m')).toBeUndefined();
    await closeDatabase(db);
  });

  it('lets exactly one of two racing stores on one database decide', async () => {
    const { db, store } = await backend.openStore();
    const other = createCockpitStore(db);
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const rolledBack = { ...promoted(running), status: 'rolled_back' as const };
    const results = await Promise.allSettled([
      store.recordTransition({
        ...canaryTransition(promoted(running), promotedAt, 'promoted'),
        expectStatus: 'running',
      }),
      other.recordTransition({
        ...canaryTransition(rolledBack, promotedAt, 'rolled_back'),
        expectStatus: 'running',
      }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const events = await store.eventsAfter({ afterId: 0, selection: { all: true } });
    expect(events.map((event) => event.type)).toEqual(['started', 'promoted']);
    await closeDatabase(db);
  });
});

/** A plugin that runs `hold()` after each SELECT from `canaries` returned, inside its transaction. */
function holdCanaryReads(hold: () => Promise<void>): KyselyPlugin {
  const reads = new WeakSet<object>();
  return {
    transformQuery({ node, queryId }) {
      const from = SelectQueryNode.is(node) ? node.from?.froms[0] : undefined;
      if (from !== undefined && TableNode.is(from) && from.table.identifier.name === 'canaries')
        reads.add(queryId);
      return node;
    },
    async transformResult({ queryId, result }) {
      if (reads.has(queryId)) await hold();
      return result;
    },
  };
}

// SQLite only: another process's connection is a second better-sqlite3 handle on the same file.
describe('expectStatus (sqlite only)', () => {
  const temp = createTempDirs();
  afterEach(() => temp.removeAll());

  it('reads the status under the write lock: another process cannot commit between the read and the write', async () => {
    const file = join(temp.make('persistence-precondition-'), 'cockpit.db');
    let holding = false;
    let attempt: unknown = 'not attempted';
    const otherProcess = new BetterSqlite3(file, { timeout: 0 });
    const db = openDatabase({
      file,
      plugins: [
        holdCanaryReads(async () => {
          if (!holding) return;
          // Right after the precondition read, before any write of the transition: a rival decision.
          try {
            otherProcess.prepare("UPDATE canaries SET status = 'rolled_back' WHERE id = 'canary_1'").run();
            attempt = 'committed';
          } catch (error) {
            attempt = (error as { code?: string }).code;
          }
        }),
      ],
    });
    await migrateToLatest(db, { file });
    const store = createCockpitStore(db);
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    holding = true;
    await store.recordTransition({
      ...canaryTransition(promoted(running), promotedAt, 'promoted'),
      expectStatus: 'running',
    });
    expect(attempt).toBe('SQLITE_BUSY');
    expect((await store.getCanary('canary_1'))?.status).toBe('promoted');
    otherProcess.close();
    await closeDatabase(db);
  });
});
