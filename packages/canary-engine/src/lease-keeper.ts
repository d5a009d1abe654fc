/**
 * The engine's side of the fleet, on a timer: every `checkEveryMs` it renews the leases of the
 * canaries it runs (a runner whose lease was taken over stops at once, writing nothing more), then
 * takes over orphaned canaries (their replica is gone) up to its fair share, each resumed from its
 * stored samples and step.
 */
import { type CanaryRecord, isDecidedCanaryStatus } from '@lukhas/core';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import type { CanaryEngineStore } from './canary-engine-options.ts';
import type { CanaryOwnership } from './canary-ownership.ts';
import { repeatEvery } from './canary-ownership.ts';
import type { RunnerRegistry } from './runner-registry.ts';
import type { Timers } from './timers.ts';

/** What the keeper works with. */
export interface LeaseKeeperContext {
  readonly ownership: CanaryOwnership;
  readonly registry: RunnerRegistry;
  readonly store: Pick<CanaryEngineStore, 'getCanary'>;
  readonly timers: Timers;
  /** Runs `canary` under the lease just acquired, from its stored samples. */
  readonly adopt: (canary: CanaryRecord) => Promise<unknown>;
  readonly report: (error: CanaryEngineError) => void;
}

/** Starts the checks; returns the function that stops them. */
export function startLeaseKeeper(context: LeaseKeeperContext): () => void {
  return repeatEvery(context.timers, context.ownership.checkEveryMs, async () => {
    try {
      await renewLeases(context);
      await takeOverOrphans(context);
    } catch (error) {
      // The database is away: the fence keeps writes safe meanwhile; the next check tries again.
      context.report(
        new CanaryEngineError(
          'LEASE_CHECK_FAILED',
          `canary leases could not be checked: ${messageOf(error)}`,
          {
            cause: error,
          },
        ),
      );
    }
  });
}

/** Renews the leases held; a runner whose lease was taken over stops without writing. */
export async function renewLeases(context: LeaseKeeperContext): Promise<void> {
  const { ownership, registry, report } = context;
  for (const canaryId of await ownership.renew()) {
    await registry.get(canaryId)?.stop();
    report(
      new CanaryEngineError(
        'LEASE_LOST',
        `canary ${canaryId}: replica ${ownership.replicaId} lost its lease (another replica took it over); it stopped running it here`,
        { canaryId },
      ),
    );
  }
}

/**
 * Takes over orphaned canaries up to this replica's fair share; the ids taken. A canary decided
 * meanwhile is let go again.
 */
export async function takeOverOrphans(context: LeaseKeeperContext): Promise<string[]> {
  const { ownership, registry, store } = context;
  const taken: string[] = [];
  for (const canaryId of await ownership.orphansToTake(registry.size())) {
    if (registry.has(canaryId)) continue;
    const lease = await ownership.acquire(canaryId);
    if (lease === undefined) continue; // another replica was quicker
    const canary = await store.getCanary(canaryId);
    if (canary === undefined || isDecidedCanaryStatus(canary.status)) {
      await ownership.release(canaryId);
      continue;
    }
    await context.adopt(canary);
    ownership.countTakeover();
    taken.push(canaryId);
  }
  return taken;
}
