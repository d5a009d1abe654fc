/**
 * The outbox's storage (`outbox` table, migration 005): rows written inside a transition's
 * transaction, claimed by relays, settled by whoever attempted them. On PostgreSQL a claim reads
 * with `FOR UPDATE SKIP LOCKED`, so replicas claiming at once take disjoint rows without waiting
 * for each other; on SQLite (one writer) the claim is a plain transaction. A claim is a lease
 * (`due_at` moves to its end), so a replica that dies mid-delivery leaves its rows to the others.
 */
import {
  OUTBOX_HANDOFF_MS,
  type OutboxEntry,
  type OutboxMessage,
  type OutboxStore,
  outboxRetryDelayMs,
} from '@lukhas/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { postgresSchemaFlavor } from './postgres-dialect.ts';
import { schemaFlavorOf } from './schema-flavor.ts';
import { fromStoredTime, storedTimeToMs, toStoredTime } from './stored-time.ts';
import { writeQueueOf } from './write-queue.ts';

/**
 * Stores `messages` in `transaction`, owed since `at`. They are due after {@link OUTBOX_HANDOFF_MS}:
 * the writer delivers them itself right after its commit; only a writer that died leaves them to
 * the relays.
 */
export async function insertOutboxRows(
  transaction: Transaction<Database>,
  messages: readonly OutboxMessage[],
  facts: { readonly at: number; readonly entityId: string },
): Promise<void> {
  if (messages.length === 0) return;
  const createdAt = toStoredTime(facts.at);
  const dueAt = toStoredTime(facts.at + OUTBOX_HANDOFF_MS);
  await transaction
    .insertInto('outbox')
    .values(
      messages.map((message) => ({
        key: message.key,
        kind: message.kind,
        entity_id: facts.entityId,
        payload: JSON.stringify(message.payload ?? null),
        created_at: createdAt,
        due_at: dueAt,
      })),
    )
    .execute();
}

/** The outbox reads and writes over `db`. */
export function createOutboxStore(db: Kysely<Database>): OutboxStore {
  const queue = writeQueueOf(db);
  const skipLocked = schemaFlavorOf(db) === postgresSchemaFlavor;

  return {
    claimOutbox: ({ owner, now, leaseMs, limit }) =>
      queue.run(() =>
        db.transaction().execute(async (transaction) => {
          let due = transaction
            .selectFrom('outbox')
            .selectAll()
            .where('settled_at', 'is', null)
            .where('due_at', '<=', toStoredTime(now))
            .orderBy('id', 'asc')
            .limit(limit);
          // Rows another replica is claiming right now are skipped, not waited for.
          if (skipLocked) due = due.forUpdate().skipLocked();
          const rows = await due.execute();
          if (rows.length === 0) return [];
          await transaction
            .updateTable('outbox')
            .set({ due_at: toStoredTime(now + leaseMs), claimed_by: owner })
            .where(
              'id',
              'in',
              rows.map((row) => row.id),
            )
            .execute();
          return rows.map(
            (row): OutboxEntry => ({
              id: row.id,
              key: row.key,
              kind: row.kind,
              payload: parsePayload(row.payload),
              attempts: row.attempts,
              entityId: row.entity_id,
              createdAt: fromStoredTime(row.created_at),
            }),
          );
        }),
      ),

    settleOutbox: (key, settlement) =>
      queue.run(async () => {
        const at = toStoredTime(settlement.at);
        const row = await db
          .selectFrom('outbox')
          .select(['attempts', 'settled_at'])
          .where('key', '=', key)
          .executeTakeFirst();
        // Unknown (a store without the row) or settled already (another replica's attempt won).
        if (row === undefined || row.settled_at !== null) return false;
        const attempts = row.attempts + 1;
        const changes =
          settlement.outcome === 'retry'
            ? {
                attempts,
                last_error: settlement.error,
                due_at: toStoredTime(settlement.at + outboxRetryDelayMs(attempts)),
              }
            : {
                attempts,
                last_error: settlement.outcome === 'given_up' ? settlement.error : null,
                settled_at: at,
                outcome: settlement.outcome,
              };
        const updated = await db
          .updateTable('outbox')
          .set(changes)
          .where('key', '=', key)
          .where('settled_at', 'is', null)
          .executeTakeFirst();
        return updated.numUpdatedRows > 0n;
      }),

    async outboxStats(now) {
      const row = await db
        .selectFrom('outbox')
        .select((select) => [
          select.fn.countAll<number>().as('depth'),
          select.fn.min('created_at').as('oldest'),
        ])
        .where('settled_at', 'is', null)
        .executeTakeFirst();
      const depth = Number(row?.depth ?? 0);
      const oldest = row?.oldest == null ? Number.NaN : storedTimeToMs(row.oldest);
      return {
        depth,
        oldestAgeSeconds: depth === 0 || Number.isNaN(oldest) ? 0 : Math.max(0, (now - oldest) / 1000),
      };
    },
  };
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
