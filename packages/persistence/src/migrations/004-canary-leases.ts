/**
 * Running as a fleet: the leases that give each running canary one owner replica (with a fencing
 * token that grows at every change of hands), the replicas' heartbeats (a replica without a live
 * one is gone: its running jobs are failed and its queued jobs claimed by others), and the replica
 * that claimed each job. Times here are epoch milliseconds (bigint), compared with the replicas'
 * clocks; nothing else reads them.
 */
import type { Kysely, Migration } from 'kysely';

/** Adds `canary_leases`, `replicas` and `jobs.owner_replica`. */
export function canaryLeases(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // No foreign key to canaries: a lease is taken before the canary's start is stored, so the
      // start itself is fenced and no other replica can see the canary running without an owner.
      await db.schema
        .createTable('canary_leases')
        .addColumn('canary_id', 'text', (column) => column.primaryKey())
        .addColumn('owner', 'text', (column) => column.notNull())
        .addColumn('token', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('acquired_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('replicas')
        .addColumn('replica_id', 'text', (column) => column.primaryKey())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('heartbeat_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.alterTable('jobs').addColumn('owner_replica', 'text').execute();
      await db.schema
        .createIndex('jobs_status_owner')
        .on('jobs')
        .columns(['status', 'owner_replica'])
        .execute();
    },
  };
}
