/**
 * A replica's heartbeat in the shared database: renewed every third of the lease, so the other
 * replicas know it is alive (its running jobs are its own, it counts in every replica's fair share
 * of canaries). When it stops beating for a whole lease, it is gone: its running jobs are failed
 * and its canaries taken over. A clean shutdown ends it at once, so the others need not wait.
 */
import type { ReplicaHeartbeats } from '@lukhas/core';

/** A running heartbeat. */
export interface ReplicaHeartbeat {
  /** Stops beating and marks the replica gone now. */
  stop(): Promise<void>;
}

/**
 * Beats once (awaited, so the replica counts before it claims anything), then every `leaseMs / 3`.
 *
 * @example
 * const heartbeat = await startReplicaHeartbeat({ heartbeats: leases, replicaId: 'cockpit-0', leaseMs: 15_000 });
 * await heartbeat.stop(); // at shutdown, before the database closes
 */
export async function startReplicaHeartbeat(options: {
  readonly heartbeats: Pick<ReplicaHeartbeats, 'heartbeat'>;
  readonly replicaId: string;
  readonly leaseMs: number;
  readonly onError: (error: unknown) => void;
}): Promise<ReplicaHeartbeat> {
  const { heartbeats, replicaId, leaseMs } = options;
  const beat = (ttlMs: number) => heartbeats.heartbeat({ replicaId, now: Date.now(), ttlMs });
  await beat(leaseMs);
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      beating = beat(leaseMs).catch(options.onError);
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      await beat(0).catch(options.onError);
    },
  };
}
