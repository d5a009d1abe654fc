/**
 * The N-policy replay in one call: every policy checked before the source is touched, then one
 * replay per policy over the same model and window, put side by side.
 */
import { DomainError, isDomainError, parseSloPolicy, type SloPolicy } from '@lukhas/core';
import { type PolicyComparison, policyComparison } from './policy-comparison.ts';
import { parseReplayBounds, type ReplayWindowInput } from './replay-bounds.ts';
import { ReplayError } from './replay-error.ts';
import type { ReplaySource } from './replay-source.ts';
import { replayWindow } from './replay-window.ts';

/** A policy to replay under, and the name it is shown by (e.g. its file's path). */
export interface NamedPolicy {
  readonly name: string;
  /** In any spelling `parseSloPolicy` accepts. */
  readonly policy: unknown;
}

/** What {@link replayPoliciesFromSource} replays. */
export interface ReplayPoliciesInput {
  readonly source: ReplaySource;
  readonly modelId: string;
  /** At least one; names distinct. */
  readonly policies: readonly NamedPolicy[];
  readonly window: ReplayWindowInput;
  readonly signal?: AbortSignal;
}

/**
 * Parses every policy first (a bad one throws core's `DomainError` `INVALID_POLICY`, its message
 * starting with the policy's name), then loads the source once per policy (a range source reads
 * at each policy's interval) and replays. Names must be distinct (`ReplayError` `INVALID_POLICIES`).
 *
 * @example
 * const comparison = await replayPoliciesFromSource({
 *   source: storeReplaySource(store),
 *   modelId: 'matriz-v3',
 *   policies: [
 *     { name: 'configs/slo-prod.json', policy: prod },
 *     { name: 'configs/slo-strict.json', policy: strict },
 *   ],
 *   window: { from: '2025-09-28T00:00:00Z', to: '2025-09-29T00:00:00Z' },
 * });
 */
export async function replayPoliciesFromSource(input: ReplayPoliciesInput): Promise<PolicyComparison> {
  const policies = parseNamedPolicies(input.policies);
  const bounds = parseReplayBounds(input.window);
  const { modelId, signal } = input;
  const replays = [];
  for (const { name, policy } of policies) {
    signal?.throwIfAborted();
    const data = await input.source.load({
      modelId,
      ...bounds,
      policy,
      ...(signal === undefined ? {} : { signal }),
    });
    replays.push({ name, result: replayWindow({ ...data, modelId, policy, window: bounds }) });
  }
  return policyComparison(replays);
}

/** Each policy parsed, in order; the first bad one throws, naming it. */
export function parseNamedPolicies(
  policies: readonly NamedPolicy[],
): { readonly name: string; readonly policy: SloPolicy }[] {
  if (policies.length === 0) throw new ReplayError('INVALID_POLICIES', 'no policy to replay under');
  const seen = new Set<string>();
  return policies.map(({ name, policy }) => {
    if (seen.has(name)) throw new ReplayError('INVALID_POLICIES', `policy ${name} is given twice`);
    seen.add(name);
    try {
      return { name, policy: parseSloPolicy(policy) };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new DomainError('INVALID_POLICY', `${name}: ${error.message}`, {
        issues: error.issues,
        cause: error,
      });
    }
  });
}
