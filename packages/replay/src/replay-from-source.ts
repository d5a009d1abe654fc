/**
 * The whole replay in one call: parse the policy and window, load from a source, replay.
 */
import { parseSloPolicy } from '@lukhas/core';
import { parseReplayBounds, type ReplayWindowInput } from './replay-bounds.ts';
import type { ReplayResult } from './replay-result.ts';
import type { ReplaySource } from './replay-source.ts';
import { replayWindow } from './replay-window.ts';

/** A model, a replay policy (any spelling `parseSloPolicy` accepts) and a window to replay from a source. */
export interface ReplayFromSourceInput {
  readonly source: ReplaySource;
  readonly modelId: string;
  readonly policy: unknown;
  readonly window: ReplayWindowInput;
  readonly signal?: AbortSignal;
}

/**
 * Checks the policy and window before touching the source (a typo fails fast), loads, replays.
 *
 * @example
 * const result = await replayFromSource({
 *   source: storeReplaySource(store),
 *   modelId: 'matriz-v3',
 *   policy: JSON.parse(await readFile('configs/slo-prod.json', 'utf8')),
 *   window: { from: '2025-09-28T14:00:00Z', to: '2025-09-28T15:00:00Z' },
 * });
 */
export async function replayFromSource(input: ReplayFromSourceInput): Promise<ReplayResult> {
  const policy = parseSloPolicy(input.policy);
  const bounds = parseReplayBounds(input.window);
  const { modelId, signal } = input;
  const data = await input.source.load({
    modelId,
    ...bounds,
    policy,
    ...(signal === undefined ? {} : { signal }),
  });
  return replayWindow({ ...data, modelId, policy, window: bounds });
}
