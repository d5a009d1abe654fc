import { expect, it } from 'vitest';
import { closeDatabase } from './open-database.ts';
import { canary, canaryTransition, describeEachBackend, sample, T0 } from './testing.ts';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describeEachBackend('evidence reads', (backend) => {
  it('streams the samples taken in a range across pages, both ends included', async () => {
    const { db, store } = await backend.openStore({ pageSize: 2 });
    const running = canary('canary_1', 'model-a', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    for (const seq of [1, 2, 3, 4, 5]) {
      const at = T0 + seq * 1000;
      const taken = sample(running, seq, at, { latency: seq * 200, errorRate: 0 });
      await store.recordTransition(canaryTransition(running, at, 'metric', { sample: taken }));
    }
    const samples = await collect(store.samplesBetween({ from: T0 + 2000, to: T0 + 5000 }));
    expect(samples.map((taken) => taken.seq)).toEqual([2, 3, 4, 5]);
    expect(samples[3]).toMatchObject({ canaryId: 'canary_1', modelId: 'model-a', breached: true });
    expect(await collect(store.samplesBetween({ from: T0 + 6000, to: T0 + 9000 }))).toEqual([]);
    await closeDatabase(db);
  });

  it('streams the canaries decided in a range with their decision and math, never undecided ones', async () => {
    const { db, store } = await backend.openStore({ pageSize: 1 });
    await store.recordTransition(canaryTransition(canary('canary_run', 'model-r', T0), T0, 'started'));
    for (const [index, decidedAt] of [T0 + 1000, T0 + 2000, T0 + 9000].entries()) {
      const canaryId = `canary_${index}`;
      const started = canary(canaryId, `model-${index}`, T0);
      await store.recordTransition(canaryTransition(started, T0, 'started'));
      const decided = {
        ...started,
        status: 'rolled_back' as const,
        decidedAt: new Date(decidedAt).toISOString(),
        decision: { outcome: 'rollback' as const, rule: 'abort' as const, reason: `stopped ${index}` },
      };
      await store.recordTransition(canaryTransition(decided, decidedAt, 'rolled_back'));
    }
    const decided = await collect(store.canariesDecidedBetween({ from: T0, to: T0 + 2000 }));
    expect(decided.map((record) => [record.canaryId, record.decision?.reason])).toEqual([
      ['canary_0', 'stopped 0'],
      ['canary_1', 'stopped 1'],
    ]);
    await closeDatabase(db);
  });

  it('streams the file operations among the audit rows of a range across pages, as auditsBetween orders them', async () => {
    const { db, store } = await backend.openStore({ pageSize: 2 });
    const entries = [
      ['file', 'docs/a.md', T0 + 1000],
      ['canary', 'canary_1', T0 + 2000],
      ['file', 'docs/b.md', T0 + 3000],
      ['file', 'docs/c.md', T0 + 3000],
      ['job', 'job_1', T0 + 4000],
      ['file', 'docs/d.md', T0 + 5000],
      ['file', 'docs/late.md', T0 + 9000],
    ] as const;
    for (const [entityType, entityId, at] of entries) {
      await store.recordAudit({
        at,
        operator: 'ops@example.com',
        entityType,
        entityId,
        audit: { action: `${entityType}.touched`, details: { entityId } },
        narrative: { eventType: 'touched', message: `${entityId} touched` },
      });
    }
    const range = { from: T0 + 1000, to: T0 + 5000 };
    const files = await collect(store.fileAuditsBetween(range));
    expect(files.map((audit) => audit.entityId)).toEqual([
      'docs/a.md',
      'docs/b.md',
      'docs/c.md',
      'docs/d.md',
    ]);
    const filtered = (await collect(store.auditsBetween(range))).filter(
      (audit) => audit.entityType === 'file',
    );
    expect(files).toEqual(filtered);
    await closeDatabase(db);
  });

  it('hands the audit rows and the narrative lines of a range over a page at a time, as the row reads give them', async () => {
    const { db, store } = await backend.openStore({ pageSize: 2 });
    for (const [index, at] of [T0 + 1000, T0 + 2000, T0 + 2000, T0 + 3000, T0 + 4000, T0 + 9000].entries()) {
      await store.recordAudit({
        at,
        operator: 'ops@example.com',
        entityType: 'job',
        entityId: `job_${index}`,
        audit: { action: 'job.touched', details: { index } },
        narrative: { eventType: 'touched', message: `job ${index}\ntouched` },
      });
    }
    const range = { from: T0 + 1000, to: T0 + 4000 };
    const auditPages = await collect(store.auditPagesBetween(range));
    expect(auditPages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(auditPages.flat()).toEqual(await collect(store.auditsBetween(range)));
    expect(auditPages.flat().map((audit) => audit.entityId)).toEqual([
      'job_0',
      'job_1',
      'job_2',
      'job_3',
      'job_4',
    ]);
    const linePages = await collect(store.narrativeLinePagesBetween(range));
    expect(linePages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(linePages.flat()).toEqual(
      (await collect(store.narrativeBetween(range))).map((entry) => entry.line),
    );
    expect(linePages[0]?.[0]).toBe('[2025-10-03 14:20] job 0\ntouched');
    expect(await collect(store.narrativeLinePagesBetween({ from: T0 + 5000, to: T0 + 8000 }))).toEqual([]);
    await closeDatabase(db);
  });
});
