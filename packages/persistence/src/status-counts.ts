/**
 * How many jobs and canaries are in each status: one grouped count per table, for the state
 * gauges of `/metrics` (read at scrape time, so it must stay cheap: no rows, one aggregate).
 */
import { CANARY_STATUSES, type CanaryStatus, JOB_STATUSES, type JobStatus } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';

// Every status, in lifecycle order, is always in the counts: 0 when none.

/** The count reads over `db`. */
export interface StatusCounts {
  /** Jobs by status, every status present. */
  countJobsByStatus(): Promise<Record<JobStatus, number>>;
  /** Canaries by status, every status present. */
  countCanariesByStatus(): Promise<Record<CanaryStatus, number>>;
}

/** `SELECT status, COUNT(*) … GROUP BY status` on `jobs` and `canaries`, through Kysely's builder. */
export function createStatusCounts(db: Kysely<Database>): StatusCounts {
  return {
    countJobsByStatus: async () => countsOf(JOB_STATUSES, await countByStatus(db, 'jobs')),
    countCanariesByStatus: async () => countsOf(CANARY_STATUSES, await countByStatus(db, 'canaries')),
  };
}

function countByStatus(db: Kysely<Database>, table: 'jobs' | 'canaries') {
  return db
    .selectFrom(table)
    .select((builder) => ['status', builder.fn.countAll().as('count')])
    .groupBy('status')
    .execute();
}

// COUNT(*) comes back as a number, a bigint or a string depending on the driver.
function countsOf<Status extends string>(
  statuses: readonly Status[],
  rows: readonly { status: string; count: string | number | bigint }[],
): Record<Status, number> {
  const counts = Object.fromEntries(statuses.map((status) => [status, 0])) as Record<Status, number>;
  for (const row of rows) {
    // A status this version does not know (a newer cockpit wrote it) is not ours to label.
    if ((statuses as readonly string[]).includes(row.status))
      counts[row.status as Status] = Number(row.count);
  }
  return counts;
}
