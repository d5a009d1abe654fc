/**
 * Reads of the `jobs` table.
 */
import { JOB_LIST_LIMIT, type JobStore } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { clampLimit } from './page-limit.ts';
import { rowToJob } from './row-mapping.ts';

// The page bounds are the port's (core); kept exported here for the package's callers.
export { JOB_LIST_LIMIT };

/** The job reads over `db`. */
export function createJobStore(db: Kysely<Database>): JobStore {
  return {
    async getJob(jobId) {
      const row = await db.selectFrom('jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
      return row === undefined ? undefined : rowToJob(row);
    },

    async listJobs(filter = {}) {
      let query = db.selectFrom('jobs').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      const { before } = filter;
      if (before !== undefined) {
        // Keyset: after `before` in (created_at desc, job_id desc) order; an unknown id lists nothing.
        const createdAt = db.selectFrom('jobs').select('created_at').where('job_id', '=', before);
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', createdAt),
            eb.and([eb('created_at', '=', createdAt), eb('job_id', '<', before)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('job_id', 'desc')
        .limit(clampLimit(filter.limit, JOB_LIST_LIMIT.default, JOB_LIST_LIMIT.max))
        .execute();
      return rows.map(rowToJob);
    },

    async jobsInStatus(statuses) {
      if (statuses.length === 0) return [];
      const rows = await db
        .selectFrom('jobs')
        .selectAll()
        .where('status', 'in', statuses)
        .orderBy('created_at', 'asc')
        .orderBy('job_id', 'asc')
        .execute();
      return rows.map(rowToJob);
    },
  };
}
