/**
 * Which dates hold recorded canaries: what an empty replay window says, so that an operator who
 * typed the wrong day (or model) sees where the data is instead of an empty report.
 */
import type { CanaryStore } from '@lukhas/core';

/** The recorded canaries of one model by UTC start date, and the other models that have some. */
export interface RecordedDays {
  readonly modelId: string;
  /** Newest date first: `{date: '2025-09-28', canaries: 3}`. */
  readonly days: readonly { readonly date: string; readonly canaries: number }[];
  /** Models with recorded canaries, for when `modelId` has none (sorted). */
  readonly otherModels: readonly string[];
}

/** How many recent canaries are looked at: the hint names dates, it is not an inventory. */
const LOOKED_AT = 1000;
/** How many dates the hint names. */
const DATES_SHOWN = 7;

/**
 * The dates with recorded canaries of `modelId` (from its newest 1,000), and if it has none, the
 * models that have canaries.
 *
 * @example
 * const recorded = await recordedDays(store, 'matriz-v3');
 * describeRecordedDays(recorded); // 'canaries of matriz-v3 are recorded on 2025-09-28 (3), 2025-09-27 (1)'
 */
export async function recordedDays(
  store: Pick<CanaryStore, 'listCanaries'>,
  modelId: string,
): Promise<RecordedDays> {
  const canaries = await store.listCanaries({ modelId, limit: LOOKED_AT });
  const counts = new Map<string, number>();
  for (const canary of canaries) {
    const date = canary.startedAt.slice(0, 10);
    counts.set(date, (counts.get(date) ?? 0) + 1);
  }
  const days = [...counts]
    .map(([date, count]) => ({ date, canaries: count }))
    .sort((a, b) => b.date.localeCompare(a.date));
  if (days.length > 0) return { modelId, days, otherModels: [] };
  const others = await store.listCanaries({ limit: LOOKED_AT });
  return { modelId, days, otherModels: [...new Set(others.map((canary) => canary.modelId))].sort() };
}

/** One line: where the model's canaries are, or which models have any. */
export function describeRecordedDays(recorded: RecordedDays): string {
  if (recorded.days.length > 0) {
    const shown = recorded.days.slice(0, DATES_SHOWN).map((day) => `${day.date} (${day.canaries})`);
    const more =
      recorded.days.length > DATES_SHOWN ? `, and ${recorded.days.length - DATES_SHOWN} earlier dates` : '';
    return `canaries of ${recorded.modelId} are recorded on ${shown.join(', ')}${more} (UTC start dates)`;
  }
  if (recorded.otherModels.length > 0) {
    return `no canary of ${recorded.modelId} is recorded; models with canaries: ${recorded.otherModels.join(', ')}`;
  }
  return 'no canary is recorded in this database yet';
}
