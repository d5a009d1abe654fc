/**
 * A store that keeps everything in plain maps and commits at once, for the bench only: beside the
 * SQLite run it shows what the engine itself (scheduling, sampling fan-out, the stub, the decision
 * rule) costs when the database costs nothing. It keeps the one guarantee the engine relies on in
 * a run (a decision's `expectStatus`), nothing more: tests use a real database.
 */
import {
  type CanaryRecord,
  type CanaryStatus,
  type CockpitEvent,
  STORE_ERROR,
  type StoredSample,
  type TransitionRecord,
} from '@lukhas/core';
import type { CanaryEngineStore } from '../src/index.ts';

/** A {@link CanaryEngineStore} over maps, telling `onEvent` about each transition as it commits. */
export function createMemoryStore(
  options: { onEvent?: (event: CockpitEvent) => void } = {},
): CanaryEngineStore {
  const canaries = new Map<string, CanaryRecord>();
  const byModel = new Map<string, Set<string>>();
  const samples = new Map<string, StoredSample[]>();
  let lastEventId = 0;

  function checkStatus(record: TransitionRecord, canaryId: string): void {
    if (record.expectStatus === undefined) return;
    const expected = [record.expectStatus].flat();
    const status = canaries.get(canaryId)?.status;
    if (status === undefined || !expected.includes(status)) {
      throw Object.assign(new Error(`canary ${canaryId} is ${status ?? 'unknown'}`), {
        code: STORE_ERROR.STALE_STATE,
      });
    }
  }

  return {
    async recordTransition(record) {
      const canaryId = record.canary?.canaryId ?? record.sample?.canaryId;
      if (canaryId === undefined) throw new Error('the bench store only records canary transitions');
      checkStatus(record, canaryId);
      if (record.canary !== undefined) {
        canaries.set(canaryId, record.canary);
        const models = byModel.get(record.canary.modelId) ?? new Set<string>();
        byModel.set(record.canary.modelId, models.add(canaryId));
      }
      if (record.sample !== undefined) {
        const list = samples.get(canaryId) ?? [];
        samples.set(canaryId, list);
        list.push(record.sample);
      }
      lastEventId += 1;
      const event: CockpitEvent = {
        id: lastEventId,
        topic: `canary/${canaryId}`,
        kind: 'canary',
        entityId: canaryId,
        type: record.event.type,
        ts: new Date(record.at).toISOString(),
        data: record.event.data,
        narrative: record.narrative.message,
      };
      options.onEvent?.(event);
      return event;
    },
    async recordAudit() {},
    async getCanary(canaryId) {
      return canaries.get(canaryId);
    },
    async listCanaries(filter = {}) {
      const ids = filter.modelId === undefined ? canaries.keys() : (byModel.get(filter.modelId) ?? []);
      const found = [...ids]
        .map((canaryId) => canaries.get(canaryId))
        .filter((canary): canary is CanaryRecord => canary !== undefined)
        .filter((canary) => filter.status === undefined || canary.status === filter.status);
      return found.slice(0, filter.limit ?? found.length);
    },
    async canariesInStatus(statuses: readonly CanaryStatus[]) {
      return [...canaries.values()].filter((canary) => statuses.includes(canary.status));
    },
    async samplesOf(canaryId) {
      return [...(samples.get(canaryId) ?? [])];
    },
  };
}
