/**
 * Ownership of running canaries across replicas (SPEC "Running as a fleet"): each running canary
 * has one owner replica at a time, through a lease with an expiry and a fencing token. The token
 * grows by one at every change of hands, and every write of a canary's runner carries the token it
 * holds (`TransitionRecord.lease`), checked by the store inside the write's transaction: a replica
 * that lost its lease can never write a sample or a decision.
 */

/** A lease as one replica holds it. */
export interface CanaryLease {
  readonly canaryId: string;
  /** The owner's replica id (`LUKHAS_REPLICA_ID`). */
  readonly owner: string;
  /** The fencing token: grows by one each time the lease is acquired. */
  readonly token: number;
  /** Epoch ms: after it, another replica may take the canary over. */
  readonly expiresAt: number;
}

/** What a write carries to prove its writer still holds the canary (checked in its transaction). */
export interface LeaseFence {
  readonly canaryId: string;
  readonly owner: string;
  readonly token: number;
}

/** The store of canary leases and of the replicas' heartbeats. */
export interface CanaryLeaseStore {
  /**
   * Takes the lease of `canaryId` for `owner` until `now + ttlMs` when nobody holds it, it expired,
   * or `owner` holds it already (a restart under the same replica id), or `force` (an operator's
   * abort or promote on this replica): the token grows by one. Undefined when another replica
   * holds it.
   */
  acquireLease(request: {
    readonly canaryId: string;
    readonly owner: string;
    readonly now: number;
    readonly ttlMs: number;
    readonly force?: boolean;
  }): Promise<CanaryLease | undefined>;
  /**
   * Extends the leases of `canaryIds` that `owner` still holds (expired or not, as long as nobody
   * took them) until `now + ttlMs`; the canary ids renewed. One missing was taken over.
   */
  renewLeases(request: {
    readonly owner: string;
    readonly canaryIds: readonly string[];
    readonly now: number;
    readonly ttlMs: number;
  }): Promise<string[]>;
  /** Lets the lease go (expires it now) if `fence` still holds it; the token is kept, so it keeps growing. */
  releaseLease(fence: LeaseFence): Promise<void>;
  /**
   * Deletes the lease if `fence` still holds it: for a canary whose start was refused and never
   * stored (its id is never used again), so nothing of the start is left behind.
   */
  dropLease(fence: LeaseFence): Promise<void>;
  /** Undecided canaries (running or paused) whose lease is missing or expired at `now`, oldest first. */
  orphanedCanaries(now: number): Promise<string[]>;
  /** How many undecided canaries hold a live lease at `now`, by owner. */
  leaseCounts(now: number): Promise<ReadonlyMap<string, number>>;
}

/** The liveness of replicas: each renews its heartbeat; one without a live heartbeat is gone. */
export interface ReplicaHeartbeats {
  /** Records `replicaId` as alive until `now + ttlMs`. */
  heartbeat(request: {
    readonly replicaId: string;
    readonly now: number;
    readonly ttlMs: number;
  }): Promise<void>;
  /** The replicas alive at `now`, sorted. */
  liveReplicas(now: number): Promise<string[]>;
}
