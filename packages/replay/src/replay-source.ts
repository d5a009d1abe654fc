/**
 * The port the replayer reads from, and its adapter over the cockpit's store. The CLI picks the
 * store, or Prometheus range data when PROM_URL is set (`prometheusReplaySource`).
 */
import type { CanaryStore, SloPolicy, StoredSample } from '@lukhas/core';
import { type RecordedDays, recordedDays } from './recorded-days.ts';
import type { ReplayCanary, ReplayResult } from './replay-result.ts';

/** What a source is asked for: one model's data in [from, to] (epoch ms, inclusive). */
export interface ReplayQuery {
  readonly modelId: string;
  readonly from: number;
  readonly to: number;
  /** The replay policy: a range source reads drift only when it targets drift, steps at its interval. */
  readonly policy: SloPolicy;
  readonly signal?: AbortSignal;
}

/** Canaries and their samples, ready for `replayWindow`. */
export interface ReplayData {
  readonly source: ReplayResult['source'];
  readonly canaries: readonly ReplayCanary[];
  readonly samples: readonly StoredSample[];
}

/** Where replayed samples come from. */
export interface ReplaySource {
  load(query: ReplayQuery): Promise<ReplayData>;
  /** Where a model's recorded canaries are, for an empty window; only a store knows (not Prometheus). */
  recordedDays?(modelId: string): Promise<RecordedDays>;
}

/** The reads of core's `CanaryStore` the store source needs. */
export type ReplayStore = Pick<CanaryStore, 'samplesOfModel' | 'getCanary' | 'listCanaries'>;

/**
 * Recorded samples: every sample of the model taken in the window, and the canary record of each
 * (looked up by id, so no list limit can drop one). A sample whose canary is gone comes back
 * without a record and is reported as skipped.
 *
 * @example
 * const data = await storeReplaySource(store).load({ modelId: 'matriz-v3', from, to, policy });
 */
export function storeReplaySource(store: ReplayStore): ReplaySource {
  return {
    async load(query) {
      const { modelId, from, to } = query;
      const samples = await store.samplesOfModel({ modelId, from, to });
      const ids = [...new Set(samples.map((sample) => sample.canaryId))].sort();
      const canaries: ReplayCanary[] = [];
      for (const canaryId of ids) {
        query.signal?.throwIfAborted();
        const canary = await store.getCanary(canaryId);
        if (canary !== undefined) canaries.push(canary);
      }
      return { source: 'store', canaries, samples };
    },
    recordedDays: (modelId) => recordedDays(store, modelId),
  };
}
