/**
 * The `fleet` object of `/health` (SPEC "Running as a fleet"): which replica answered, on which
 * database, and the work this process holds. A load balancer or an operator comparing replicas
 * reads it; with one replica it says what that one runs.
 */

/** What one replica reports about itself. */
export interface FleetStatus {
  /** LUKHAS_REPLICA_ID, default host name and process id. */
  readonly replicaId: string;
  readonly database: 'sqlite' | 'postgres';
  /** Canaries this process's engine runs (samples, decisions). */
  readonly canariesOwned: number;
  /** Jobs this process is running now (queued ones excluded). */
  readonly jobsRunning: number;
}

/** What the fleet status is read from. */
export interface FleetStatusSources {
  readonly replicaId: string;
  readonly database: FleetStatus['database'];
  readonly canaries: { activeCount(): number };
  readonly jobs: { activeCount(): number };
}

/**
 * A reader of the current {@link FleetStatus}: the counts are read at each call, from memory.
 *
 * @example
 * const fleet = fleetStatusOf({ replicaId: 'cockpit-0', database: 'postgres', canaries, jobs });
 * fleet(); // { replicaId: 'cockpit-0', database: 'postgres', canariesOwned: 2, jobsRunning: 1 }
 */
export function fleetStatusOf(sources: FleetStatusSources): () => FleetStatus {
  return () => ({
    replicaId: sources.replicaId,
    database: sources.database,
    canariesOwned: sources.canaries.activeCount(),
    jobsRunning: sources.jobs.activeCount(),
  });
}
