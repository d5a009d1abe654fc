/**
 * Progressive delivery: a canary with steps keeps its traffic ladder (weight, step, promotions) in
 * one JSON column; canaries without steps leave it null.
 */
import type { Kysely, Migration } from 'kysely';

/** Adds `canaries.traffic`. */
export function canaryTraffic(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('canaries').addColumn('traffic', 'text').execute();
    },
  };
}
