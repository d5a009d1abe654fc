/**
 * The shared job queue of a fleet (SPEC "Running as a fleet": every queued job runs once, on one
 * replica): the port the job runner claims through and the store implements.
 */
import type { JobRecord } from './records.ts';

/** Claims on the shared job queue. */
export interface JobClaims {
  /**
   * Claims up to `limit` queued jobs for `replicaId`, oldest first: jobs nobody claimed, or whose
   * claimer's heartbeat expired before `now`. A job is claimed by one replica at a time.
   */
  claimQueuedJobs(request: {
    readonly replicaId: string;
    readonly now: number;
    readonly limit: number;
  }): Promise<JobRecord[]>;
  /** Running jobs whose replica is gone at `now` (no live heartbeat, or never claimed), oldest first. */
  orphanedJobs(now: number): Promise<Array<JobRecord & { readonly ownerReplica: string | null }>>;
  /** The jobs `replicaId` claimed that are in one of `statuses` (a restart under the same id), oldest first. */
  jobsOwnedBy(replicaId: string, statuses: readonly string[]): Promise<JobRecord[]>;
}
