/**
 * The `expectStatus` precondition of a transition, checked inside its transaction: the guard that
 * keeps two writers (two engines, two processes) from both deciding the same canary.
 *
 * What it reads must be current, not a snapshot another writer is about to outdate. On PostgreSQL
 * it locks the entity's row (a no-op UPDATE). On SQLite the transaction holds the database's one
 * write lock from its BEGIN (`setAccessMode('read write')` begins IMMEDIATE, see
 * `guarded-sqlite-driver.ts`), so a plain read of a prepared statement is current. Why not the
 * no-op UPDATE there too: SQLite rewrites the row and its status indexes, one more page of the
 * canaries table to write at COMMIT for every sample stored.
 */
import { type ExpectedStatus, STORE_ERROR } from '@lukhas/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database-schema.ts';
import { PersistenceError } from './persistence-error.ts';
import { postgresSchemaFlavor } from './postgres-dialect.ts';
import { type PreparedStatement, prepareStatement, runPrepared } from './prepared-statement.ts';
import { schemaFlavorOf } from './schema-flavor.ts';

/** The entity whose stored status a precondition is about. */
export interface PreconditionSubject {
  readonly entityType: 'job' | 'canary' | 'model' | 'file';
  readonly entityId: string;
}

/** Checks a transition's `expectStatus` inside its transaction; throws `STALE_STATE` when it fails. */
export type StatusPrecondition = (
  transaction: Transaction<Database>,
  subject: PreconditionSubject,
  expected: ExpectedStatus | readonly ExpectedStatus[],
) => Promise<void>;

const preconditions = new WeakMap<Kysely<Database>, StatusPrecondition>();

/**
 * The precondition of `db`. On SQLite the transaction it runs in must have been begun with
 * `setAccessMode('read write')` (the recorder's batches are): that is what makes its read current.
 */
export function statusPreconditionOf(db: Kysely<Database>): StatusPrecondition {
  let precondition = preconditions.get(db);
  if (precondition === undefined) {
    precondition =
      schemaFlavorOf(db) === postgresSchemaFlavor ? assertExpectedStatus : readStatusUnderWriteLock(db);
    preconditions.set(db, precondition);
  }
  return precondition;
}

/**
 * Throws `STALE_STATE` unless the stored status of the job or canary is one of `expected`.
 * It starts with a write (a no-op UPDATE) so the transaction takes the entity's lock before it
 * reads: a second process waits for the first to commit and then sees its new status, instead
 * of judging a snapshot that is already out of date.
 */
export async function assertExpectedStatus(
  transaction: Transaction<Database>,
  subject: PreconditionSubject,
  expected: ExpectedStatus | readonly ExpectedStatus[],
): Promise<void> {
  const statuses = statusesOf(subject, expected);
  const matched = await touchIfInStatus(transaction, subject, statuses);
  if (matched) return;
  throw staleState(subject, statuses, await currentStatus(transaction, subject));
}

/** SQLite: the status read by a prepared SELECT, under the write lock the transaction holds. */
function readStatusUnderWriteLock(db: Kysely<Database>): StatusPrecondition {
  const jobStatus: PreparedStatement<{ id: string }> = prepareStatement(['id'], (row) =>
    db.selectFrom('jobs').select('status').where('job_id', '=', row.id),
  );
  const canaryStatus: PreparedStatement<{ id: string }> = prepareStatement(['id'], (row) =>
    db.selectFrom('canaries').select('status').where('id', '=', row.id),
  );
  return async (transaction, subject, expected) => {
    const statuses = statusesOf(subject, expected);
    const statement = subject.entityType === 'job' ? jobStatus : canaryStatus;
    const { rows } = await runPrepared<{ id: string }, { status: string }>(transaction, statement, {
      id: subject.entityId,
    });
    const current = rows[0]?.status;
    if (current === undefined || !statuses.includes(current)) throw staleState(subject, statuses, current);
  };
}

/** The expected statuses as a list; refuses a subject without a status, or an empty list. */
function statusesOf(
  subject: PreconditionSubject,
  expected: ExpectedStatus | readonly ExpectedStatus[],
): readonly string[] {
  const statuses: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  if (statuses.length === 0 || subject.entityType === 'model' || subject.entityType === 'file') {
    throw new PersistenceError(
      'INVALID_TRANSITION',
      `expectStatus needs a job or canary and at least one status; got ${subject.entityType} ` +
        `${subject.entityId} and [${statuses.join(', ')}]`,
    );
  }
  return statuses;
}

function staleState(
  subject: PreconditionSubject,
  statuses: readonly string[],
  current: string | undefined,
): PersistenceError {
  const expectedText = statuses.map((status) => `"${status}"`).join(' or ');
  const found = current === undefined ? 'does not exist' : `is "${current}"`;
  return new PersistenceError(
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
