/**
 * `resume()` at start-up: every undecided canary no runner runs is picked up where its stored
 * samples and window leave it. With ownership (a fleet), only the canaries this replica may hold
 * (its own from before a restart under the same id, and orphans), up to its fair share; the lease
 * keeper takes the rest over as their replicas go.
 */
import {
  type CanaryRecord,
  type CanarySample,
  type Clock,
  decideCanary,
  UNDECIDED_CANARY_STATUSES,
} from '@lukhas/core';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import type { CanaryEngineStore } from './canary-engine-options.ts';
import type { CanaryOwnership } from './canary-ownership.ts';
import type { RunnerRegistry } from './runner-registry.ts';

/** What {@link CanaryEngine.resume} found. */
export interface ResumeReport {
  /** Canaries sampling again from where they were. */
  readonly resumed: readonly string[];
  /** Canaries whose stored samples already decide them (window passed, or a breach): being decided now. */
  readonly deciding: readonly string[];
}

/** What resuming works with. */
export interface ResumeContext {
  readonly store: Pick<CanaryEngineStore, 'canariesInStatus'>;
  readonly registry: RunnerRegistry;
  readonly ownership: CanaryOwnership | undefined;
  readonly clock: Clock;
  /** Runs a canary from its stored samples; `adopted` false when it ran already, `refused` when it cannot run. */
  readonly adopt: (canary: CanaryRecord) => Promise<{
    readonly samples: readonly CanarySample[];
    readonly adopted: boolean;
    readonly refused: boolean;
  }>;
  readonly report: (error: CanaryEngineError) => void;
}

/** Picks up the undecided canaries; a canary that cannot be resumed is reported, the others go on. */
export async function resumeCanaries(context: ResumeContext): Promise<ResumeReport> {
  const { store, registry, ownership, clock, adopt, report } = context;
  const resumed: string[] = [];
  const deciding: string[] = [];
  const undecided = await store.canariesInStatus(UNDECIDED_CANARY_STATUSES);
  const share = ownership === undefined ? undecided.length : await ownership.fairShare(undecided.length);
  for (const canary of undecided) {
    if (registry.has(canary.canaryId)) continue;
    if (ownership !== undefined && registry.size() >= share) break;
    try {
      if (ownership !== undefined && (await ownership.acquire(canary.canaryId)) === undefined) continue;
      const { samples, adopted, refused } = await adopt(canary);
      if (!adopted) continue;
      if (refused) {
        deciding.push(canary.canaryId);
        continue;
      }
      const startedAt = Date.parse(canary.startedAt);
      const promotions = (canary.traffic?.promotions ?? []).map((promotion) => ({
        at: Date.parse(promotion.at),
        full: promotion.full,
      }));
      const verdict = decideCanary({
        policy: canary.policy,
        startedAt,
        now: clock.now(),
        samples,
        promotions,
      });
      (verdict.decision === null ? resumed : deciding).push(canary.canaryId);
    } catch (error) {
      await ownership?.release(canary.canaryId).catch(() => undefined);
      report(
        new CanaryEngineError(
          'CANARY_FAILED',
          `cannot resume canary ${canary.canaryId}: ${messageOf(error)}`,
          {
            canaryId: canary.canaryId,
            cause: error,
          },
        ),
      );
    }
  }
  return { resumed, deciding };
}
