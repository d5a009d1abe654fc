/**
 * One undecided canary per model, across replicas: the engine's "is a canary of this model
 * running?" read cannot stop two replicas that start one at the same moment (both read nothing,
 * both write). A canary started as exclusive (the default) stores its model in `holds_model`, and a
 * unique index over the undecided canaries' holds makes the database refuse the second start in
 * its own transaction. Canaries started with `allowConcurrentPerModel`, and those stored before
 * this migration, leave it null and are never refused (NULLs are distinct in a unique index).
 */
import { type Kysely, type Migration, sql } from 'kysely';

/** The index's name: the store maps a violation of it to `MODEL_HELD`. */
export const MODEL_HOLD_INDEX = 'canaries_one_undecided_per_model';

/** Adds `canaries.holds_model` and the unique index over the undecided canaries' holds. */
export function modelHolds(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('canaries').addColumn('holds_model', 'text').execute();
      // Partial: a decided canary lets its model go without its row being touched again. The
      // statuses are spelled here (not imported) so the shipped migration never changes.
      await db.schema
        .createIndex(MODEL_HOLD_INDEX)
        .on('canaries')
        .column('holds_model')
        .unique()
        .where(sql.ref('status'), 'in', sql`('running', 'paused')`)
        .execute();
    },
  };
}
