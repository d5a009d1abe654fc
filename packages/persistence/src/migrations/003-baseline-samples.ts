/**
 * Judging against a baseline: a sample of a canary with `baseline` in its policy keeps the
 * baseline gate's reading beside it, as JSON in one column; older samples (and canaries without a
 * baseline) leave it null, so databases written before it read as they did.
 */
import type { Kysely, Migration } from 'kysely';

/** Adds `canary_metrics.baseline`. */
export function baselineSamples(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('canary_metrics').addColumn('baseline', 'text').execute();
    },
  };
}
