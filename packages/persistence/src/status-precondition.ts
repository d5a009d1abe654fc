/**
 * The `expectStatus` precondition of a transition, checked inside its transaction: the guard that
 * keeps two writers (two engines, two processes) from both deciding the same canary.
 */
import { type ExpectedStatus, STORE_ERROR } from '@lukhas/core';
import type { Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { PersistenceError } from './persistence-error.ts';

/** The entity whose stored status a precondition is about. */
export interface PreconditionSubject {
  readonly entityType: 'job' | 'canary' | 'model' | 'file';
  readonly entityId: string;
}

/**
 * Throws `STALE_STATE` unless the stored status of the job or canary is one of `expected`.
 * It starts with a write (a no-op UPDATE) so the transaction takes the write lock before it
 * reads: a second process waits for the first to commit and then sees its new status, instead
 * of judging a snapshot that is already out of date.
 */
export async function assertExpectedStatus(
  transaction: Transaction<Database>,
  subject: PreconditionSubject,
  expected: ExpectedStatus | readonly ExpectedStatus[],
): Promise<void> {
  const statuses: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  if (statuses.length === 0 || subject.entityType === 'model' || subject.entityType === 'file') {
    throw new PersistenceError(
      'INVALID_TRANSITION',
      `expectStatus needs a job or canary and at least one status; got ${subject.entityType} ` +
        `${subject.entityId} and [${statuses.join(', ')}]`,
    );
  }
  const matched = await touchIfInStatus(transaction, subject, statuses);
  if (matched) return;
  const current = await currentStatus(transaction, subject);
  const expectedText = statuses.map((status) => `"${status}"`).join(' or ');
  const found = current === undefined ? 'does not exist' : `is "${current}"`;
  throw new PersistenceError(
    STORE_ERROR.STALE_STATE,
    `${subject.entityType} ${subject.entityId} ${found}, expected ${expectedText}; nothing was stored`,
  );
}

async function touchIfInStatus(
  transaction: Transaction<Database>,
  subject: PreconditionSubject,
  statuses: readonly string[],
): Promise<boolean> {
  const result =
    subject.entityType === 'job'
      ? await transaction
          .updateTable('jobs')
          .set((update) => ({ status: update.ref('status') }))
          .where('job_id', '=', subject.entityId)
          .where('status', 'in', statuses)
          .executeTakeFirst()
      : await transaction
          .updateTable('canaries')
          .set((update) => ({ status: update.ref('status') }))
          .where('id', '=', subject.entityId)
          .where('status', 'in', statuses)
          .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

async function currentStatus(
  transaction: Transaction<Database>,
  subject: PreconditionSubject,
): Promise<string | undefined> {
  const row =
    subject.entityType === 'job'
      ? await transaction
          .selectFrom('jobs')
          .select('status')
          .where('job_id', '=', subject.entityId)
          .executeTakeFirst()
      : await transaction
          .selectFrom('canaries')
          .select('status')
          .where('id', '=', subject.entityId)
          .executeTakeFirst();
  return row?.status;
}
