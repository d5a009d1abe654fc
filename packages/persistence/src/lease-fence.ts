/**
 * The fencing check of a canary's write, inside the write's transaction: the writer's lease must
 * still be held with its token. A takeover bumps the token, so the old owner's next write fails.
 */
import { type LeaseFence, STORE_ERROR } from '@lukhas/core';
import type { Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { PersistenceError } from './persistence-error.ts';

/**
 * Throws `LEASE_LOST` unless `fence.owner` holds the lease of `fence.canaryId` with `fence.token`.
 * It is a write (a no-op UPDATE) so it takes the lease row's lock until COMMIT: a takeover waits
 * for this transaction and then reads what it stored, and a write after the takeover sees the new
 * token. An expired lease nobody took yet still fences correctly: the token has not moved.
 */
export async function assertLeaseHeld(transaction: Transaction<Database>, fence: LeaseFence): Promise<void> {
  const touched = await transaction
    .updateTable('canary_leases')
    .set((update) => ({ token: update.ref('token') }))
    .where('canary_id', '=', fence.canaryId)
    .where('owner', '=', fence.owner)
    .where('token', '=', fence.token)
    .executeTakeFirst();
  if (touched.numUpdatedRows > 0n) return;
  const holder = await transaction
    .selectFrom('canary_leases')
    .select(['owner', 'token'])
    .where('canary_id', '=', fence.canaryId)
    .executeTakeFirst();
  const now =
    holder === undefined
      ? 'no replica holds it'
      : holder.owner === ''
        ? `it was released (token ${holder.token})`
        : `replica ${holder.owner} holds it with token ${holder.token}`;
  throw new PersistenceError(
    STORE_ERROR.LEASE_LOST,
    `canary ${fence.canaryId}: replica ${fence.owner} lost its lease (token ${fence.token}): ${now}; nothing was stored`,
  );
}
