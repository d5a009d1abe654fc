import { expect, it } from 'vitest';
import { closeDatabase } from './open-database.ts';
import { isPersistenceError } from './persistence-error.ts';
import { canary, canaryTransition, describeEachBackend, job, jobTransition, sample, T0 } from './testing.ts';

describeEachBackend('row mapping reads damaged rows defensively', (backend) => {
  it('turns unreadable or mis-shaped JSON columns into null or empty values', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(jobTransition(job('job_1', T0), T0));
    await store.recordTransition(
      canaryTransition(running, T0, 'metric', {
        sample: sample(running, 1, T0, { latency: 900, errorRate: 0.5 }),
      }),
    );
    await db.updateTable('jobs').set({ result: '{oops', details: '[1,2]' }).execute();
    await db.updateTable('canaries').set({ webhooks: 'nope', decision_math: '"text"' }).execute();
    await db
      .updateTable('canary_metrics')
      .set({
        observed: 'null',
        fallback_reasons: '{"drift": 3}',
        breaches: '[{"metric":"x"},{"metric":"drift"}]',
      })
      .execute();
    await db.updateTable('events').set({ data: 'broken' }).execute();
    await db
      .updateTable('audits_narrative')
      .set({ context: 'broken', entity_type: null, operator: null })
      .execute();

    expect(await store.getJob('job_1')).toMatchObject({ result: null, details: null });
    expect(await store.getCanary('canary_1')).toMatchObject({ webhooks: null, math: null });
    expect(await store.samplesOf('canary_1')).toEqual([
      expect.objectContaining({
        observed: { latency_p95_ms: null, error_rate: null, drift: null },
        values: { latency_p95_ms: 900, error_rate: 0.5, drift: null },
        fallbackReasons: {},
        breaches: [],
        breached: true,
      }),
    ]);
    const events = await store.eventsAfter({ afterId: 0, selection: { all: true } });
    expect(events.map((event) => event.data)).toEqual([{}, {}]);
    const [line] = await store.narrativeFor('job_1');
    expect(line).toMatchObject({ context: null, entityType: 'job', operator: 'system' });
    await closeDatabase(db);
  });

  it('reads a narrative row written with the seed default CURRENT_TIMESTAMP', async () => {
    const { db, store } = await backend.openStore();
    await db
      .insertInto('audits_narrative')
      .values({
        event_type: 'note',
        entity_id: 'job_legacy',
        entity_type: 'job',
        message: 'job_legacy → noted',
      })
      .execute();
    const [entry] = await store.narrativeFor('job_legacy');
    expect(entry?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(entry?.line).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d\] job_legacy → noted$/);
    await closeDatabase(db);
  });

  it('refuses a canary whose policy is unreadable, naming it', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(canaryTransition(canary('canary_1', 'm', T0), T0, 'started'));
    await db.updateTable('canaries').set({ policy: '{truncated' }).execute();
    const error = await store.getCanary('canary_1').catch((caught: unknown) => caught);
    expect(isPersistenceError(error, 'CORRUPT_ROW')).toBe(true);
    expect((error as Error).message).toContain('canary_1');
    await closeDatabase(db);
  });
});
