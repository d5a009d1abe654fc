/**
 * The canary leases and replica heartbeats of a fleet (`canary_leases`, `replicas`, migration
 * `004_canary_leases`), the same queries on SQLite and PostgreSQL. Each change of a lease is one
 * atomic statement (an upsert or an update with its condition), so two replicas racing for one
 * canary cannot both win: the row lock (PostgreSQL) or the single writer (SQLite) orders them.
 */
import {
  type CanaryLease,
  type CanaryLeaseStore,
  type ReplicaHeartbeats,
  UNDECIDED_CANARY_STATUSES,
} from '@lukhas/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.ts';

// A released lease names nobody: no renewal revives it and no fence matches it.
const NOBODY = '';

/**
 * The lease store and heartbeats over `db` (run `migrateToLatest` first).
 *
 * @example
 * const leases = createCanaryLeaseStore(db);
 * const lease = await leases.acquireLease({ canaryId, owner: 'cockpit-1', now: Date.now(), ttlMs: 15_000 });
 * await store.recordTransition({ ...sampleTransition, lease }); // fenced: LEASE_LOST once taken over
 */
export function createCanaryLeaseStore(db: Kysely<Database>): CanaryLeaseStore & ReplicaHeartbeats {
  return {
    async acquireLease({ canaryId, owner, now, ttlMs, force = false }) {
      const expiresAt = now + ttlMs;
      const row = await db
        .insertInto('canary_leases')
        .values({ canary_id: canaryId, owner, token: 1, expires_at: expiresAt, acquired_at: now })
        .onConflict((conflict) => {
          const update = conflict.column('canary_id').doUpdateSet({
            owner,
            token: sql<number>`canary_leases.token + 1`,
            expires_at: expiresAt,
            acquired_at: now,
          });
          return force
            ? update
            : update.where((where) =>
                where.or([
                  where('canary_leases.expires_at', '<=', now),
                  where('canary_leases.owner', '=', owner),
                ]),
              );
        })
        .returning(['canary_id', 'owner', 'token', 'expires_at'])
        .executeTakeFirst();
      return row === undefined ? undefined : toLease(row);
    },

    async renewLeases({ owner, canaryIds, now, ttlMs }) {
      if (canaryIds.length === 0) return [];
      const rows = await db
        .updateTable('canary_leases')
        .set({ expires_at: now + ttlMs })
        .where('owner', '=', owner)
        .where('canary_id', 'in', canaryIds)
        .returning('canary_id')
        .execute();
      return rows.map((row) => row.canary_id);
    },

    async releaseLease({ canaryId, owner, token }) {
      await db
        .updateTable('canary_leases')
        .set({ owner: NOBODY, expires_at: 0 })
        .where('canary_id', '=', canaryId)
        .where('owner', '=', owner)
        .where('token', '=', token)
        .execute();
    },

    async dropLease({ canaryId, owner, token }) {
      await db
        .deleteFrom('canary_leases')
        .where('canary_id', '=', canaryId)
        .where('owner', '=', owner)
        .where('token', '=', token)
        .execute();
    },

    async orphanedCanaries(now) {
      const rows = await db
        .selectFrom('canaries')
        .leftJoin('canary_leases', 'canary_leases.canary_id', 'canaries.id')
        .select('canaries.id')
        .where('canaries.status', 'in', UNDECIDED_CANARY_STATUSES)
        .where((where) =>
          where.or([
            where('canary_leases.canary_id', 'is', null),
            where('canary_leases.expires_at', '<=', now),
          ]),
        )
        .orderBy('canaries.created_at', 'asc')
        .orderBy('canaries.id', 'asc')
        .execute();
      return rows.map((row) => row.id);
    },

    async leaseCounts(now) {
      const rows = await db
        .selectFrom('canary_leases')
        .innerJoin('canaries', 'canaries.id', 'canary_leases.canary_id')
        .select(['canary_leases.owner', (count) => count.fn.countAll<number>().as('count')])
        .where('canaries.status', 'in', UNDECIDED_CANARY_STATUSES)
        .where('canary_leases.expires_at', '>', now)
        .groupBy('canary_leases.owner')
        .execute();
      return new Map(rows.map((row) => [row.owner, Number(row.count)]));
    },

    async heartbeat({ replicaId, now, ttlMs }) {
      const changes = { expires_at: now + ttlMs, heartbeat_at: now };
      await db
        .insertInto('replicas')
        .values({ replica_id: replicaId, ...changes })
        .onConflict((conflict) => conflict.column('replica_id').doUpdateSet(changes))
        .execute();
    },

    async liveReplicas(now) {
      const rows = await db
        .selectFrom('replicas')
        .select('replica_id')
        .where('expires_at', '>', now)
        .orderBy('replica_id', 'asc')
        .execute();
      return rows.map((row) => row.replica_id);
    },
  };
}

function toLease(row: { canary_id: string; owner: string; token: number; expires_at: number }): CanaryLease {
  return {
    canaryId: row.canary_id,
    owner: row.owner,
    token: Number(row.token),
    expiresAt: Number(row.expires_at),
  };
}
