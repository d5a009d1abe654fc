/**
 * The outbox: calls a transition owes (a decision's webhook, a chat notification), written in the
 * transition's transaction and delivered at least once by whichever replica is alive. A row is
 * claimable while `settled_at` is null and `due_at` has passed; a claim moves `due_at` to the end
 * of its lease, a failed attempt to its retry time. (Number 004 is the canary leases'.)
 */
import type { Kysely, Migration } from 'kysely';
import type { SchemaFlavor } from '../schema-flavor.ts';

/** Creates `outbox`. */
export function outbox(flavor: SchemaFlavor): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('outbox')
        .addColumn('id', flavor.serialId.type, flavor.serialId.build)
        .addColumn('key', 'text', (column) => column.notNull().unique())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('entity_id', 'text', (column) => column.notNull())
        .addColumn('payload', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('due_at', 'text', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('claimed_by', 'text')
        .addColumn('last_error', 'text')
        .addColumn('settled_at', 'text')
        .addColumn('outcome', 'text')
        .execute();
      // The relays' claim and the depth gauge read only unsettled rows, by due time.
      await db.schema
        .createIndex('outbox_pending_idx')
        .on('outbox')
        .columns(['settled_at', 'due_at'])
        .execute();
    },
  };
}
