/**
 * The machine form of a replay (`--json`): stable text, byte-identical for the same result.
 */
import type { ReplayResult } from './replay-result.ts';

/**
 * The result as JSON with every object's keys sorted (code-unit order) at every depth, two-space
 * indent and a final newline, so two replays of the same data diff cleanly and hash the same.
 *
 * @example
 * await writeFile('replay.json', renderReplayJson(result));
 */
export function renderReplayJson(result: ReplayResult): string {
  return `${JSON.stringify(sortedKeys(result), null, 2)}\n`;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortedKeys(item)]));
}
