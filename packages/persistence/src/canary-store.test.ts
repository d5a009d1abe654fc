import type { DecisionMath, StoredSample } from '@lukhas/core';
import { type Migration, Migrator } from 'kysely';
import { expect, it } from 'vitest';
import { CANARY_LIST_LIMIT } from './canary-store.ts';
import { createCockpitStore } from './cockpit-store.ts';
import { migrateToLatest } from './migrate.ts';
import { cockpitMigrations } from './migrations/cockpit-migrations.ts';
import { closeDatabase } from './open-database.ts';
import { sampleToRow } from './row-mapping.ts';
import { schemaFlavorOf } from './schema-flavor.ts';
import { canary, canaryTransition, describeEachBackend, sample, T0 } from './testing.ts';

const SECOND = 1000;

describeEachBackend('canary store', (backend) => {
  it('returns samples as recorded, in sample order, fallback readings included', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0, { webhooks: { onPromote: 'https://hooks.example/promote' } });
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const fallback: StoredSample = {
      ...sample(running, 2, T0 + 60 * SECOND, { latency: 9999, errorRate: 0.001 }),
      observed: { latency_p95_ms: null, error_rate: 0.001, drift: null },
      fallback: true,
      fallbackReasons: { latency_p95_ms: 'prometheus unreachable: ECONNREFUSED' },
    };
    const first = sample(running, 1, T0 + 30 * SECOND, { latency: 420, errorRate: 0.008 });
    await store.recordTransition(canaryTransition(running, T0 + 30 * SECOND, 'metric', { sample: first }));
    await store.recordTransition(canaryTransition(running, T0 + 60 * SECOND, 'metric', { sample: fallback }));

    expect(await store.samplesOf('canary_1')).toEqual([first, fallback]);
    expect(await store.getCanary('canary_1')).toEqual(running);
    expect(await store.samplesOf('canary_unknown')).toEqual([]);
    await closeDatabase(db);
  });

  it("returns a model's samples across canaries inside [from, to], both ends included, oldest first", async () => {
    const { db, store } = await backend.openStore();
    const first = canary('canary_1', 'm', T0);
    const second = canary('canary_2', 'm', T0 + 100 * SECOND);
    const other = canary('canary_3', 'other', T0);
    for (const record of [first, second, other]) {
      await store.recordTransition(canaryTransition(record, T0, 'started'));
    }
    const samples = [
      sample(first, 1, T0 + 30 * SECOND, { latency: 100, errorRate: 0 }),
      sample(first, 2, T0 + 60 * SECOND, { latency: 110, errorRate: 0 }),
      sample(other, 1, T0 + 60 * SECOND, { latency: 120, errorRate: 0 }),
      sample(first, 3, T0 + 90 * SECOND, { latency: 130, errorRate: 0 }),
      sample(second, 1, T0 + 120 * SECOND, { latency: 140, errorRate: 0 }),
      sample(second, 2, T0 + 150 * SECOND, { latency: 150, errorRate: 0 }),
    ];
    for (const taken of samples) {
      const owner = [first, second, other].find((record) => record.canaryId === taken.canaryId) ?? first;
      await store.recordTransition(canaryTransition(owner, taken.at, 'metric', { sample: taken }));
    }

    const window = await store.samplesOfModel({
      modelId: 'm',
      from: T0 + 60 * SECOND,
      to: T0 + 120 * SECOND,
    });
    expect(window.map((taken) => [taken.canaryId, taken.seq])).toEqual([
      ['canary_1', 2],
      ['canary_1', 3],
      ['canary_2', 1],
    ]);
    expect(
      await store.samplesOfModel({ modelId: 'm', from: T0 + 61 * SECOND, to: T0 + 119 * SECOND }),
    ).toEqual([samples[3]]);
    await closeDatabase(db);
  });

  it('lists canaries newest first, filtered by status and model, limited', async () => {
    const { db, store } = await backend.openStore();
    await store.recordTransition(canaryTransition(canary('canary_1', 'a', T0), T0, 'started'));
    await store.recordTransition(
      canaryTransition(canary('canary_2', 'b', T0 + SECOND, { status: 'promoted' }), T0, 'promoted'),
    );
    await store.recordTransition(canaryTransition(canary('canary_3', 'a', T0 + 2 * SECOND), T0, 'started'));
    const listed = async (filter: Parameters<typeof store.listCanaries>[0]) =>
      (await store.listCanaries(filter)).map((record) => record.canaryId);

    expect(await listed(undefined)).toEqual(['canary_3', 'canary_2', 'canary_1']);
    expect(await listed({ status: 'running' })).toEqual(['canary_3', 'canary_1']);
    expect(await listed({ modelId: 'a', limit: 1 })).toEqual(['canary_3']);
    expect(await listed({ status: 'promoted', modelId: 'a' })).toEqual([]);
    // `before` pages on: after canary_3, within the filter.
    expect(await listed({ before: 'canary_3' })).toEqual(['canary_2', 'canary_1']);
    expect(await listed({ before: 'canary_3', modelId: 'a' })).toEqual(['canary_1']);
    expect(await listed({ before: 'canary_1' })).toEqual([]);
    expect(await listed({ before: 'canary_unknown' })).toEqual([]);
    await closeDatabase(db);
  });

  it('lists every canary in the given statuses, oldest first, beyond the list limit', async () => {
    const { db, store } = await backend.openStore();
    const count = CANARY_LIST_LIMIT.max + 5;
    for (let index = 0; index < count; index += 1) {
      const status = index % 3 === 0 ? ('promoted' as const) : ('running' as const);
      const record = canary(`canary_${String(index).padStart(4, '0')}`, 'm', T0 + index, { status });
      await store.recordTransition(canaryTransition(record, T0 + index, 'started'));
    }
    const running = await store.canariesInStatus(['running']);
    expect(running).toHaveLength(count - Math.ceil(count / 3));
    expect(running[0]?.canaryId).toBe('canary_0001');
    expect(running.every((record) => record.status === 'running')).toBe(true);
    expect(await store.canariesInStatus(['running', 'promoted'])).toHaveLength(count);
    expect(await store.canariesInStatus([])).toEqual([]);
    await closeDatabase(db);
  });

  it('keeps the decision and its math', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    const math = {
      policy: running.policy,
      window: { startedAt: running.startedAt, endsAt: running.windowEndsAt, elapsed: false },
      samples: [],
      counts: { samples: 0, real: 0, fallback: 0, breaches: 0, ignored: 0 },
      rule: 'abort',
      outcome: 'rollback',
      decidingSample: null,
      firstBreachAt: null,
      decidedAt: '2025-10-03T14:21:00.000Z',
      breachToActionSeconds: null,
      explanation: 'rolled back: aborted by operator (manual override)',
    } satisfies DecisionMath;
    const aborted = {
      ...running,
      status: 'rolled_back' as const,
      decidedAt: '2025-10-03T14:21:00.000Z',
      decision: { outcome: 'rollback' as const, rule: 'abort' as const, reason: 'manual override' },
      math,
    };
    await store.recordTransition(canaryTransition(aborted, T0 + 60 * SECOND, 'rolled_back'));
    expect(await store.getCanary('canary_1')).toEqual(aborted);
    await closeDatabase(db);
  });

  it('returns undefined for unknown canaries and models', async () => {
    const { db, store } = await backend.openStore();
    expect(await store.getCanary('canary_nope')).toBeUndefined();
    expect(await store.getModel('model_nope')).toBeUndefined();
    await closeDatabase(db);
  });
});

describeEachBackend('baseline readings', (backend) => {
  it('keeps the baseline reading beside its sample, and reads samples without one as before', async () => {
    const { db, store } = await backend.openStore();
    const running = canary('canary_1', 'm', T0);
    await store.recordTransition(canaryTransition(running, T0, 'started'));
    const plain = sample(running, 1, T0 + 30 * SECOND, { latency: 420, errorRate: 0.008 });
    const paired: StoredSample = {
      ...sample(running, 2, T0 + 60 * SECOND, { latency: 430, errorRate: 0.008 }),
      baseline: {
        gate: 'stage',
        observed: { latency_p95_ms: null, error_rate: 0.004, drift: null },
        values: { latency_p95_ms: 9999, error_rate: 0.004, drift: null },
        fallback: true,
        fallbackReasons: { latency_p95_ms: 'prometheus unreachable: ECONNREFUSED' },
      },
    };
    await store.recordTransition(canaryTransition(running, T0 + 30 * SECOND, 'metric', { sample: plain }));
    await store.recordTransition(canaryTransition(running, T0 + 60 * SECOND, 'metric', { sample: paired }));

    const stored = await store.samplesOf('canary_1');
    expect(stored).toEqual([plain, paired]);
    expect(stored[0]).not.toHaveProperty('baseline');
    expect(await store.samplesOfModel({ modelId: 'm', from: T0, to: T0 + 60 * SECOND })).toEqual([
      plain,
      paired,
    ]);
    await closeDatabase(db);
  });

  it('reads a database written before baselines existed once migrated', async () => {
    const db = await backend.openDatabase();
    const flavor = schemaFlavorOf(db);
    if (flavor === undefined) throw new Error('the backend opened a database without its schema flavor');
    const all = cockpitMigrations(flavor);
    const before = new Migrator({
      db,
      provider: {
        getMigrations: async () => ({
          '001_initial_schema': all['001_initial_schema'] as Migration,
          '002_canary_traffic': all['002_canary_traffic'] as Migration,
        }),
      },
    });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    const old = createCockpitStore(db);
    const running = canary('canary_old', 'm', T0);
    await old.recordTransition(canaryTransition(running, T0, 'started'));
    const columns = sampleToRow(sample(running, 1, T0 + 30 * SECOND, { latency: 420, errorRate: 0.008 }));
    const { baseline: _, ...oldColumns } = columns;
    await db.insertInto('canary_metrics').values(oldColumns).execute();

    expect((await migrateToLatest(db)).applied).toEqual([
      '003_baseline_samples',
      '004_canary_leases',
      '005_outbox',
      '006_model_holds',
    ]);
    const [read] = await createCockpitStore(db).samplesOf('canary_old');
    expect(read).toEqual(sample(running, 1, T0 + 30 * SECOND, { latency: 420, errorRate: 0.008 }));
    expect(read).not.toHaveProperty('baseline');
    await closeDatabase(db);
  });
});
