/**
 * Writes a transition's canary row. A new canary that holds its model (`holdsModel`, migration
 * 006) is refused by the database itself when another undecided canary holds that model: the
 * unique index decides, in the write's own transaction, so of two replicas starting a canary for
 * one model at the same moment exactly one succeeds.
 */
import { type CanaryRecord, STORE_ERROR } from '@lukhas/core';
import type { Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { MODEL_HOLD_INDEX } from './migrations/006-model-holds.ts';
import { PersistenceError } from './persistence-error.ts';
import { canaryToRow } from './row-mapping.ts';

/** Inserts or replaces the canary's row; throws `MODEL_HELD` when its model hold is refused. */
export async function writeCanaryRow(
  transaction: Transaction<Database>,
  canary: CanaryRecord,
  holdsModel = false,
): Promise<void> {
  const { id, ...changes } = canaryToRow(canary);
  // Written on insert only: later transitions replace `changes`, never the hold.
  const hold = holdsModel ? { holds_model: canary.modelId } : {};
  try {
    await transaction
      .insertInto('canaries')
      .values({ id, ...changes, ...hold })
      .onConflict((conflict) => conflict.column('id').doUpdateSet(changes))
      .execute();
  } catch (error) {
    if (!holdsModel || !isModelHoldViolation(error)) throw error;
    throw new PersistenceError(
      STORE_ERROR.MODEL_HELD,
      `model ${canary.modelId} already has an undecided canary; canary ${canary.canaryId} was not stored`,
      { cause: error },
    );
  }
}

/** SQLite names the indexed column (`UNIQUE constraint failed: canaries.holds_model`), PostgreSQL the index. */
function isModelHoldViolation(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code === '23505') return constraint === MODEL_HOLD_INDEX;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('canaries.holds_model');
}
