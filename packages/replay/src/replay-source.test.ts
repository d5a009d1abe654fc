import type { CanaryRecord, StoredSample } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { at, LOOSE, recordCanary, repeat, STRICT, T0, WINDOW } from '../test/replay-fixtures.ts';
import { describeRecordedDays } from './recorded-days.ts';
import { replayFromSource } from './replay-from-source.ts';
import { type ReplayStore, storeReplaySource } from './replay-source.ts';

// The reads of the store, over records made the engine's way.
function fakeStore(canaries: CanaryRecord[], samples: StoredSample[]) {
  const calls: string[] = [];
  const store: ReplayStore = {
    async samplesOfModel({ modelId, from, to }) {
      calls.push(`samplesOfModel ${modelId} ${from} ${to}`);
      return samples.filter((sample) => sample.modelId === modelId && sample.at >= from && sample.at <= to);
    },
    async getCanary(canaryId) {
      calls.push(`getCanary ${canaryId}`);
      return canaries.find((canary) => canary.canaryId === canaryId);
    },
    async listCanaries(filter = {}) {
      calls.push(`listCanaries ${filter.modelId ?? '*'}`);
      return canaries
        .filter((canary) => filter.modelId === undefined || canary.modelId === filter.modelId)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, filter.limit);
    },
  };
  return { store, calls };
}

describe('storeReplaySource and replayFromSource', () => {
  const rolledBack = recordCanary({
    canaryId: 'canary_b',
    policy: STRICT,
    readings: [...repeat(5), { latency: 600 }],
  });
  const promoted = recordCanary({
    canaryId: 'canary_a',
    policy: STRICT,
    startedAt: T0 + 900_000,
    readings: repeat(10),
  });

  it('loads the samples of the model in the window and the canary record of each', async () => {
    const { store, calls } = fakeStore(
      [rolledBack.canary, promoted.canary],
      [...rolledBack.samples, ...promoted.samples],
    );
    const result = await replayFromSource({
      source: storeReplaySource(store),
      modelId: 'matriz-v3',
      policy: LOOSE,
      window: WINDOW,
    });
    expect(calls).toEqual([
      `samplesOfModel matriz-v3 ${T0} ${T0 + 3_600_000}`,
      'getCanary canary_a',
      'getCanary canary_b',
    ]);
    expect(result.canaries.map((canary) => [canary.canaryId, canary.difference.summary])).toEqual([
      ['canary_b', 'would have promoted'],
      ['canary_a', 'same'],
    ]);
    expect(result.canaries[0]?.counterfactual.decidedAt).toBe(at(300));
  });

  it('reports samples whose canary is gone as skipped', async () => {
    const { store } = fakeStore([promoted.canary], [...rolledBack.samples, ...promoted.samples]);
    const result = await replayFromSource({
      source: storeReplaySource(store),
      modelId: 'matriz-v3',
      policy: LOOSE,
      window: WINDOW,
    });
    expect(result.skipped).toEqual([
      { canaryId: 'canary_b', samples: 6, reason: 'no canary record for these samples' },
    ]);
  });

  it('checks the policy and the window before reading the store', async () => {
    const { store, calls } = fakeStore([], []);
    const source = storeReplaySource(store);
    await expect(
      replayFromSource({ source, modelId: 'm', policy: { targets: {} }, window: WINDOW }),
    ).rejects.toMatchObject({ code: 'INVALID_POLICY' });
    await expect(
      replayFromSource({ source, modelId: 'm', policy: LOOSE, window: { from: WINDOW.to, to: WINDOW.from } }),
    ).rejects.toMatchObject({ code: 'INVALID_WINDOW' });
    expect(calls).toEqual([]);
  });
  it('says on which dates a model has recorded canaries, or which models have any', async () => {
    const recordedIn = (canaries: CanaryRecord[], modelId: string) => {
      const { recordedDays } = storeReplaySource(fakeStore(canaries, []).store);
      if (recordedDays === undefined) throw new Error('a store source knows its recorded days');
      return recordedDays(modelId);
    };
    const model = rolledBack.canary.modelId;
    const date = rolledBack.canary.startedAt.slice(0, 10);
    const recorded = await recordedIn([rolledBack.canary, promoted.canary], model);
    expect(recorded).toEqual({ modelId: model, days: [{ date, canaries: 2 }], otherModels: [] });
    expect(describeRecordedDays(recorded)).toBe(
      `canaries of ${model} are recorded on ${date} (2) (UTC start dates)`,
    );
    const unknown = await recordedIn([rolledBack.canary, promoted.canary], 'nobody-v1');
    expect(unknown).toEqual({ modelId: 'nobody-v1', days: [], otherModels: [model] });
    expect(describeRecordedDays(unknown)).toBe(
      `no canary of nobody-v1 is recorded; models with canaries: ${model}`,
    );
    expect(describeRecordedDays(await recordedIn([], 'm'))).toBe(
      'no canary is recorded in this database yet',
    );
  });
});
