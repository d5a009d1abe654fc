/**
 * The shared job queue of a fleet: replicas claim queued jobs from the `jobs` table, each job by
 * one replica only (`owner_replica`), and find the running jobs of replicas that are gone. On
 * PostgreSQL a claim locks the rows it picks with `FOR UPDATE SKIP LOCKED`, so replicas claiming
 * at once take different jobs instead of waiting for each other; on SQLite the one writer makes
 * the same transaction exclusive.
 */
import type { JobClaims, JobRecord } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { postgresSchemaFlavor } from './postgres-dialect.ts';
import { rowToJob } from './row-mapping.ts';
import { schemaFlavorOf } from './schema-flavor.ts';

/**
 * The job claims over `db` (run `migrateToLatest` first).
 *
 * @example
 * const claims = createJobClaims(db);
 * const jobs = await claims.claimQueuedJobs({ replicaId: 'cockpit-1', now: Date.now(), limit: 2 });
 */
export function createJobClaims(db: Kysely<Database>): JobClaims {
  const skipLocked = schemaFlavorOf(db) === postgresSchemaFlavor;
  const liveReplicas = (now: number) =>
    db.selectFrom('replicas').select('replica_id').where('expires_at', '>', now);
  return {
    async claimQueuedJobs({ replicaId, now, limit }) {
      if (limit <= 0) return [];
      return db.transaction().execute(async (transaction) => {
        let pick = transaction
          .selectFrom('jobs')
          .select('job_id')
          .where('status', '=', 'queued')
          // Never its own claims (they are in its line already), nor a live replica's.
          .where((where) =>
            where.or([
              where('owner_replica', 'is', null),
              where.and([
                where('owner_replica', '!=', replicaId),
                where('owner_replica', 'not in', liveReplicas(now)),
              ]),
            ]),
          )
          .orderBy('created_at', 'asc')
          .orderBy('job_id', 'asc')
          .limit(limit);
        if (skipLocked) pick = pick.forUpdate().skipLocked();
        const ids = (await pick.execute()).map((row) => row.job_id);
        if (ids.length === 0) return [];
        const rows = await transaction
          .updateTable('jobs')
          .set({ owner_replica: replicaId })
          .where('job_id', 'in', ids)
          .where('status', '=', 'queued')
          .returningAll()
          .execute();
        return rows.map(rowToJob).sort(byCreated);
      });
    },

    async orphanedJobs(now) {
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('status', '=', 'running')
        .where((where) =>
          where.or([where('owner_replica', 'is', null), where('owner_replica', 'not in', liveReplicas(now))]),
        )
        .orderBy('created_at', 'asc')
        .orderBy('job_id', 'asc')
        .execute();
      return rows.map((row) => ({ ...rowToJob(row), ownerReplica: row.owner_replica }));
    },

    async jobsOwnedBy(replicaId, statuses) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('owner_replica', '=', replicaId)
        .where('status', 'in', statuses)
        .orderBy('created_at', 'asc')
        .orderBy('job_id', 'asc')
        .execute();
      return rows.map(rowToJob);
    },
  };
}

function byCreated(left: JobRecord, right: JobRecord): number {
  return left.createdAt.localeCompare(right.createdAt) || left.jobId.localeCompare(right.jobId);
}
