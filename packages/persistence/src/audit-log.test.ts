import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE } from './audit-log.ts';
import { createCockpitStore } from './cockpit-store.ts';
import { migrateToLatest } from './migrate.ts';
import { closeDatabase } from './open-database.ts';
import { canary, canaryTransition, describeEachBackend, job, jobTransition, sample, T0 } from './testing.ts';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Counts the SELECTs that read from `table`. */
function selectCounter(table: string): KyselyPlugin & { count: number } {
  const counter = {
    count: 0,
    transformQuery({ node }: { node: RootOperationNode }) {
      if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes(`"name":"${table}"`)) {
        counter.count += 1;
      }
      return node;
    },
    async transformResult<R>({ result }: { result: R }) {
      return result;
    },
  };
  return counter;
}

describeEachBackend('audit log', (backend) => {
  it('finds the narrative of a job, a canary, and a model (through its canaries), oldest first', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'lukhas-agi-v3', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    await store.recordTransition(jobTransition(job('job_1', T0), T0 + 1000));
    const first = sample(running, 1, T0 + 2000, { latency: 900, errorRate: 0 });
    await store.recordTransition(canaryTransition(running, T0 + 2000, 'metric', { sample: first }));
    await store.recordTransition(
      canaryTransition(canary('canary_2', 'other-model', T0), T0 + 3000, 'started'),
    );

    const byModel = await store.narrativeFor('lukhas-agi-v3');
    expect(byModel.map((entry) => [entry.entityId, entry.eventType])).toEqual([
      ['canary_1', 'started'],
      ['canary_1', 'metric'],
    ]);
    expect(byModel[0]?.line).toBe('[2025-10-03 14:20] canary lukhas-agi-v3 → started');
    expect((await store.narrativeFor('canary_1')).map((entry) => entry.id)).toEqual([1, 3]);
    expect((await store.narrativeFor('job_1')).map((entry) => entry.id)).toEqual([2]);
    expect(await store.narrativeFor('nobody')).toEqual([]);
    await closeDatabase(db);
  });

  it('streams the rows of a range, both ends included', async () => {
    const { db, store } = await backend.openStore();
    for (const [index, at] of [T0 - 1, T0, T0 + 1000, T0 + 2000].entries()) {
      await store.recordTransition(jobTransition(job(`job_${index}`, at), at));
    }
    const range = { from: T0, to: T0 + 1000 };
    expect((await collect(store.auditsBetween(range))).map((entry) => entry.entityId)).toEqual([
      'job_1',
      'job_2',
    ]);
    expect((await collect(store.narrativeBetween(range))).map((entry) => entry.entityId)).toEqual([
      'job_1',
      'job_2',
    ]);
    await closeDatabase(db);
  });

  it(`reads ranges larger than a page (${AUDIT_PAGE_SIZE} rows) page by page, each row once, in id order`, async () => {
    const audits = selectCounter('audits');
    const narrative = selectCounter('audits_narrative');
    const db = await backend.openDatabase({ plugins: [audits, narrative] });
    await migrateToLatest(db);
    const store = createCockpitStore(db);
    const total = 2 * AUDIT_PAGE_SIZE + 100;
    for (let index = 0; index < total; index += 1) {
      await store.recordTransition(jobTransition(job(`job_${index}`, T0 + index), T0 + index));
    }
    const range = { from: T0, to: T0 + total };

    const auditIds = (await collect(store.auditsBetween(range))).map((entry) => entry.id);
    const narrativeIds = (await collect(store.narrativeBetween(range))).map((entry) => entry.id);

    const expected = Array.from({ length: total }, (_, index) => index + 1);
    expect(auditIds).toEqual(expected);
    expect(narrativeIds).toEqual(expected);
    expect(audits.count).toBe(3);
    expect(narrative.count).toBe(3);
    await closeDatabase(db);
  }, 30_000);

  it('uses the configured page size, and stops after a last full page with one empty read', async () => {
    const audits = selectCounter('audits');
    const db = await backend.openDatabase({ plugins: [audits] });
    await migrateToLatest(db);
    const store = createCockpitStore(db, { pageSize: 5 });
    for (let index = 0; index < 10; index += 1) {
      await store.recordTransition(jobTransition(job(`job_${index}`, T0), T0));
    }
    expect(await collect(store.auditsBetween({ from: T0, to: T0 }))).toHaveLength(10);
    expect(audits.count).toBe(3);
    await closeDatabase(db);
  });
});
