import type { CanaryRecord, TransitionRecord } from '@lukhas/core';
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from './database-schema.ts';
import { closeDatabase } from './open-database.ts';
import { canary, canaryTransition, describeEachBackend, T0 } from './testing.ts';

function start(record: CanaryRecord, holdsModel = true): TransitionRecord {
  return { ...canaryTransition(record, Date.parse(record.startedAt), 'started'), holdsModel };
}

function decided(record: CanaryRecord, at: number): CanaryRecord {
  return {
    ...record,
    status: 'rolled_back',
    decidedAt: new Date(at).toISOString(),
    decision: { outcome: 'rollback', rule: 'abort', reason: 'stopped by hand' },
  };
}

/** Every row a start writes, by canary: what a refused start must not leave behind. */
async function rowsOf(db: Kysely<Database>, canaryId: string): Promise<number[]> {
  const counts = await Promise.all([
    db.selectFrom('canaries').select('id').where('id', '=', canaryId).execute(),
    db.selectFrom('events').select('id').where('entity_id', '=', canaryId).execute(),
    db.selectFrom('audits').select('id').where('entity_id', '=', canaryId).execute(),
    db.selectFrom('audits_narrative').select('id').where('entity_id', '=', canaryId).execute(),
  ]);
  return counts.map((rows) => rows.length);
}

describeEachBackend('model holds', (backend) => {
  it('refuses a second undecided canary holding the model: MODEL_HELD, nothing of it stored', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(start(canary('canary_1', 'm', T0)));

    const error = await store
      .recordTransition(start(canary('canary_2', 'm', T0 + 1)))
      .catch((caught) => caught);

    expect(error).toMatchObject({
      name: 'PersistenceError',
      code: 'MODEL_HELD',
      message: 'model m already has an undecided canary; canary canary_2 was not stored',
    });
    expect(await rowsOf(db, 'canary_2')).toEqual([0, 0, 0, 0]);
    expect(await rowsOf(db, 'canary_1')).toEqual([1, 1, 1, 1]);
    // Another model is not held.
    await store.recordTransition(start(canary('canary_3', 'other', T0 + 2)));
    expect((await store.getCanary('canary_3'))?.status).toBe('running');
    await closeDatabase(db);
  });

  it('lets the model go once its canary is decided, and keeps holding it while paused', async () => {
    const { db, store } = await backend.openStore();
    const first = canary('canary_1', 'm', T0);
    await store.recordTransition(start(first));
    await store.recordTransition(canaryTransition({ ...first, status: 'paused' }, T0 + 1, 'paused'));
    await expect(store.recordTransition(start(canary('canary_2', 'm', T0 + 2)))).rejects.toMatchObject({
      code: 'MODEL_HELD',
    });

    await store.recordTransition(canaryTransition(decided(first, T0 + 3), T0 + 3, 'rolled_back'));
    await store.recordTransition(start(canary('canary_3', 'm', T0 + 4)));
    expect((await store.getCanary('canary_3'))?.status).toBe('running');
    await closeDatabase(db);
  });

  it('lets exactly one of many simultaneous starts of one model through', async () => {
    const { db, store } = await backend.openStore();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, index) =>
        store.recordTransition(start(canary(`canary_${index}`, 'm', T0 + index))),
      ),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(refused.map((outcome) => (outcome.reason as { code?: string }).code)).toEqual(
      Array(7).fill('MODEL_HELD'),
    );
    expect(await db.selectFrom('canaries').select('id').execute()).toHaveLength(1);
    await closeDatabase(db);
  });

  it('never refuses a canary that does not hold its model (allowConcurrentPerModel, or stored before 006)', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(start(canary('canary_1', 'm', T0)));
    await store.recordTransition(start(canary('canary_2', 'm', T0 + 1), false));
    await store.recordTransition(canaryTransition(canary('canary_3', 'm', T0 + 2), T0 + 2, 'started'));
    const running = await store.canariesInStatus(['running']);
    expect(running.map((record) => record.canaryId)).toEqual(['canary_1', 'canary_2', 'canary_3']);
    await closeDatabase(db);
  });
});
