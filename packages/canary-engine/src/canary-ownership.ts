/**
 * Running as one replica of several on one database (SPEC "Running as a fleet"): this replica runs
 * a canary only under its lease. The lease is taken before a new canary's start is stored, renewed
 * every `checkEveryMs`, and carried by every write of the canary's runner as a fence the store
 * checks in the write's transaction. A lease that could not be renewed was taken over: the runner
 * stops at once, writing nothing more. Every check also looks for undecided canaries whose lease
 * is missing or expired (their replica is gone) and takes some over, up to this replica's fair
 * share, so a dead replica's canaries spread over the survivors instead of piling on one.
 */
import type {
  CanaryLease,
  CanaryLeaseStore,
  Clock,
  LeaseFence,
  ReplicaHeartbeats,
  TransitionRecord,
} from '@lukhas/core';
import type { RunnerContext } from './runner-context.ts';
import type { Timers } from './timers.ts';

/** How the engine shares canaries with other replicas; leave it out for one process (SQLite). */
export interface CanaryOwnershipOptions {
  /** The leases, and the replicas' heartbeats (how many replicas share the canaries). */
  readonly leases: CanaryLeaseStore & Pick<ReplicaHeartbeats, 'liveReplicas'>;
  /** This replica's id (`LUKHAS_REPLICA_ID`), recorded as the leases' owner. */
  readonly replicaId: string;
  /** How long a lease lasts unless renewed, in ms (`LUKHAS_LEASE_SECONDS` × 1000). */
  readonly leaseMs: number;
  /**
   * How often leases are renewed and orphaned canaries looked for; default a sixth of `leaseMs`:
   * a takeover then comes at most a sixth of a lease after the expiry.
   */
  readonly checkEveryMs?: number;
}

/** The leases one engine holds, and how it gets more. */
export interface CanaryOwnership {
  readonly replicaId: string;
  readonly checkEveryMs: number;
  /** Takes the lease of `canaryId` (`force`: even from a live replica, for an operator's abort or promote). */
  acquire(canaryId: string, force?: boolean): Promise<CanaryLease | undefined>;
  /** Lets the lease of `canaryId` go, if still held (its runner ended). */
  release(canaryId: string): Promise<void>;
  /** Deletes the lease of `canaryId`, if still held: its start was refused, nothing of it stays. */
  forget(canaryId: string): Promise<void>;
  /** The lease held for `canaryId`. */
  leaseOf(canaryId: string): CanaryLease | undefined;
  /** Renews every lease held; the canary ids whose lease was taken over meanwhile (now forgotten). */
  renew(): Promise<string[]>;
  /** Orphaned canaries (lease missing or expired) this replica should try to take, at most up to its fair share. */
  orphansToTake(owned: number): Promise<string[]>;
  /** How many of `total` undecided canaries this replica should run: an equal part for each live replica. */
  fairShare(total: number): Promise<number>;
  /** How many canaries this replica took over since it started. */
  takeovers(): number;
  /** Counts one takeover. */
  countTakeover(): void;
}

/** The ownership of one engine over `options.leases`. */
export function createCanaryOwnership(options: CanaryOwnershipOptions, clock: Clock): CanaryOwnership {
  const { leases, replicaId, leaseMs } = options;
  const checkEveryMs = options.checkEveryMs ?? Math.max(1, Math.floor(leaseMs / 6));
  const held = new Map<string, CanaryLease>();
  // How many checks in a row saw each orphan.
  const sightings = new Map<string, number>();
  let takeovers = 0;
  async function fairShare(total: number): Promise<number> {
    const live = new Set(await leases.liveReplicas(clock.now()));
    live.add(replicaId);
    return Math.ceil(total / live.size);
  }
  return {
    replicaId,
    checkEveryMs,
    async acquire(canaryId, force = false) {
      const lease = await leases.acquireLease({
        canaryId,
        owner: replicaId,
        now: clock.now(),
        ttlMs: leaseMs,
        force,
      });
      if (lease !== undefined) held.set(canaryId, lease);
      return lease;
    },
    async release(canaryId) {
      const lease = held.get(canaryId);
      if (lease === undefined) return;
      held.delete(canaryId);
      await leases.releaseLease(fenceOf(lease));
    },
    async forget(canaryId) {
      const lease = held.get(canaryId);
      if (lease === undefined) return;
      held.delete(canaryId);
      await leases.dropLease(fenceOf(lease));
    },
    leaseOf: (canaryId) => held.get(canaryId),
    async renew() {
      const canaryIds = [...held.keys()];
      const renewed = new Set(
        await leases.renewLeases({ owner: replicaId, canaryIds, now: clock.now(), ttlMs: leaseMs }),
      );
      const lost = canaryIds.filter((canaryId) => !renewed.has(canaryId));
      for (const canaryId of lost) held.delete(canaryId);
      return lost;
    },
    async orphansToTake(owned) {
      const now = clock.now();
      const orphans = await leases.orphanedCanaries(now);
      // An orphan nobody took for a whole lease (the replicas with room are busy, or a replica
      // counted as alive does not take its part) is taken whatever the share: no canary waits forever.
      const seen = new Map(orphans.map((canaryId) => [canaryId, (sightings.get(canaryId) ?? 0) + 1]));
      sightings.clear();
      for (const [canaryId, count] of seen) sightings.set(canaryId, count);
      if (orphans.length === 0) return [];
      const counts = await leases.leaseCounts(now);
      const total = orphans.length + [...counts.values()].reduce((sum, count) => sum + count, 0);
      const share = await fairShare(total);
      // Replicas scan at the same moments: each starts at its own place in the list, so they race
      // for different canaries instead of all for the first one.
      const mine = rotate(orphans, hashOf(replicaId)).slice(0, Math.max(0, share - owned));
      const overdue = orphans.filter(
        (canaryId) => !mine.includes(canaryId) && (seen.get(canaryId) ?? 0) > leaseMs / checkEveryMs,
      );
      return [...mine, ...overdue];
    },
    fairShare,
    takeovers: () => takeovers,
    countTakeover() {
      takeovers += 1;
    },
  };
}

/** `store` with every transition of one canary fenced by `lease`: it stores nothing once the lease is lost. */
export function fencedStore(store: RunnerContext['store'], lease: CanaryLease): RunnerContext['store'] {
  const fence = fenceOf(lease);
  return {
    recordTransition: (record: TransitionRecord) => store.recordTransition({ ...record, lease: fence }),
    recordAudit: (record) => store.recordAudit(record),
    getCanary: (canaryId) => store.getCanary(canaryId),
    samplesOf: (canaryId) => store.samplesOf(canaryId),
  };
}

/**
 * Calls `check` every `everyMs` (the next one `everyMs` after the previous one finished, so checks
 * never overlap) until the returned stop function is called.
 */
export function repeatEvery(timers: Timers, everyMs: number, check: () => Promise<void>): () => void {
  let stopped = false;
  let handle: unknown;
  const arm = () => {
    if (stopped) return;
    handle = timers.setTimeout(() => {
      void check().finally(arm);
    }, everyMs);
  };
  arm();
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}

function fenceOf(lease: CanaryLease): LeaseFence {
  return { canaryId: lease.canaryId, owner: lease.owner, token: lease.token };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const start = by % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

function hashOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash;
}
