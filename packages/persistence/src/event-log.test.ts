import type { EventSelection } from '@lukhas/core';
import { beforeEach, expect, it } from 'vitest';
import type { CockpitDatabaseStore } from './cockpit-store.ts';
import {
  canary,
  canaryTransition,
  describeEachBackend,
  job,
  jobTransition,
  T0,
  type TestStore,
} from './testing.ts';

describeEachBackend('event log', (backend) => {
  let store: CockpitDatabaseStore;
  let db: TestStore['db'];

  beforeEach(async () => {
    ({ db, store } = await backend.openStore());
    const job1 = job('job_1', T0);
    await store.recordTransition(jobTransition(job1, T0)); // 1
    await store.recordTransition(jobTransition(job('job_2', T0), T0 + 1)); // 2
    await store.recordTransition(canaryTransition(canary('canary_1', 'm', T0), T0 + 2, 'started')); // 3
    await store.recordTransition(jobTransition({ ...job1, status: 'running' }, T0 + 3, 'running')); // 4
    await store.recordTransition(canaryTransition(canary('canary_2', 'm', T0), T0 + 4, 'started')); // 5
  });

  async function ids(selection: EventSelection, afterId = 0, limit?: number): Promise<number[]> {
    const events = await store.eventsAfter({ afterId, selection, ...(limit === undefined ? {} : { limit }) });
    return events.map((event) => event.id);
  }

  it('selects every event, whole kinds, exact topics, or any of them (ORed), in id order', async () => {
    expect(await ids({ all: true })).toEqual([1, 2, 3, 4, 5]);
    expect(await ids({ kinds: ['job'] })).toEqual([1, 2, 4]);
    expect(await ids({ kinds: ['canary'] })).toEqual([3, 5]);
    expect(await ids({ topics: ['job/job_1'] })).toEqual([1, 4]);
    expect(await ids({ topics: ['job/job_1', 'canary/canary_2'] })).toEqual([1, 4, 5]);
    expect(await ids({ kinds: ['canary'], topics: ['job/job_2'] })).toEqual([2, 3, 5]);
    expect(await ids({ all: true, topics: ['job/job_2'] })).toEqual([1, 2, 3, 4, 5]);
  });

  it('stores a file change (file operations) as an event of kind file on file/<path>, with its audit and line', async () => {
    const details = {
      path: 'configs/slo-prod.json',
      change: 'patched',
      beforeSha256: 'b',
      afterSha256: 'a',
      added: 1,
      removed: 1,
    };
    const event = await store.recordTransition({
      at: T0 + 5,
      operator: 'key:ab12cd34',
      file: { path: 'configs/slo-prod.json' },
      audit: { action: 'file.patched', details: { ...details, diff: '@@ -1 +1 @@\n-a\n+b\n' } },
      narrative: { eventType: 'patched', message: 'key:ab12cd34 → patched configs/slo-prod.json (+1 −1)' },
      event: { type: 'patched', data: details },
    });
    expect(event).toMatchObject({
      id: 6,
      kind: 'file',
      topic: 'file/configs/slo-prod.json',
      entityId: 'configs/slo-prod.json',
      type: 'patched',
    });
    expect(await ids({ kinds: ['file'] })).toEqual([6]);
    expect(await ids({ topics: ['file/configs/slo-prod.json'] })).toEqual([6]);
    expect(await ids({ kinds: ['job', 'canary'] })).toEqual([1, 2, 3, 4, 5]);
    expect(
      (await store.narrativeFor('configs/slo-prod.json')).map((entry) => [entry.entityType, entry.message]),
    ).toEqual([['file', 'key:ab12cd34 → patched configs/slo-prod.json (+1 −1)']]);
    // A file has no status: a precondition on it is a bug of the caller, and nothing is stored.
    await expect(
      store.recordTransition({
        at: T0 + 6,
        operator: 'local',
        file: { path: 'x.md' },
        expectStatus: 'running',
        audit: { action: 'file.created', details: {} },
        narrative: { eventType: 'created', message: 'local → created x.md (+0 −0)' },
        event: { type: 'created', data: {} },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await ids({ all: true })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('selects nothing for an empty selection', async () => {
    expect(await ids({})).toEqual([]);
    expect(await ids({ kinds: [], topics: [] })).toEqual([]);
    expect(await ids({ all: false })).toEqual([]);
  });

  it('starts after the given id and stops at the limit', async () => {
    expect(await ids({ all: true }, 2)).toEqual([3, 4, 5]);
    expect(await ids({ kinds: ['job'] }, 1, 1)).toEqual([2]);
    expect(await ids({ all: true }, 0, 0)).toEqual([1]);
    expect(await ids({ all: true }, 5)).toEqual([]);
  });

  it('returns events as published: envelope, data and narrative line', async () => {
    const [event] = await store.eventsAfter({ afterId: 2, selection: { topics: ['canary/canary_1'] } });
    expect(event).toEqual({
      id: 3,
      topic: 'canary/canary_1',
      kind: 'canary',
      entityId: 'canary_1',
      type: 'started',
      ts: '2025-10-03T14:20:00.002Z',
      data: { canaryId: 'canary_1', status: 'running' },
      narrative: '[2025-10-03 14:20] canary m → started',
    });
  });

  it('knows its first and last ids, and never reuses an id after pruning', async () => {
    expect(await store.lastEventId()).toBe(5);
    expect(await store.firstEventId()).toBe(1);
    await db.deleteFrom('events').where('id', 'in', [1, 2, 5]).execute();
    expect(await store.firstEventId()).toBe(3);
    const next = await store.recordTransition(jobTransition(job('job_3', T0), T0 + 5));
    expect(next.id).toBe(6);
  });

  it('reports 0 and undefined when no event is stored', async () => {
    const empty = await backend.openStore();
    expect(await empty.store.lastEventId()).toBe(0);
    expect(await empty.store.firstEventId()).toBeUndefined();
  });
});
