/**
 * Records a transition atomically: entity rows, sample, model gate, structured audit, narrative
 * line and bus event in ONE transaction; listeners hear about the event only after COMMIT.
 * Audit-only facts (a webhook's outcome) go through the same queue, without an event.
 */
import {
  type AuditRecord,
  type CockpitEvent,
  type EventKind,
  type OutboxMessage,
  STORE_ERROR,
  type TransitionRecord,
  type TransitionRecorder,
} from '@lukhas/core';
import { formatNarrativeLine } from '@lukhas/narrative';
import type { Kysely, Transaction } from 'kysely';
import { auditRowOf, insertAuditRows, narrativeRowOf } from './audit-rows.ts';
import { writeCanaryRow } from './canary-row-write.ts';
import type { Database } from './database-schema.ts';
import { eventCommitOrderOf } from './event-commit-order.ts';
import { createGroupCommit, type Settled } from './group-commit.ts';
import { assertLeaseHeld } from './lease-fence.ts';
import { insertOutboxRows } from './outbox-store.ts';
import { causeOf, isPersistenceError, messageOf, PersistenceError } from './persistence-error.ts';
import { runPrepared } from './prepared-statement.ts';
import { canaryToRow, jobToRow, rowToEvent, sampleToRow } from './row-mapping.ts';
import { type StatusPrecondition, statusPreconditionOf } from './status-precondition.ts';
import { toStoredTime } from './stored-time.ts';
import { type TransitionStatements, transitionStatementsOf } from './transition-statements.ts';
import { writeQueueOf } from './write-queue.ts';

/** Options of the recorder. */
export interface TransitionRecorderOptions {
  /** Called synchronously with each stored event, after its transaction committed, in id order. */
  readonly onEvent?: (event: CockpitEvent) => void;
  /**
   * Calls owed for a stored event besides the transition's own `outbox` (a chat notification of a
   * decision), asked inside the transaction so they are stored with it or not at all.
   */
  readonly outboxFor?: (event: CockpitEvent) => readonly OutboxMessage[];
}

/** What a transition is about: its audit/narrative entity and its bus topic. */
interface TransitionSubject {
  readonly entityType: EventKind | 'model';
  readonly entityId: string;
  readonly kind: EventKind;
  readonly topicEntityId: string;
  /** The model a canary line concerns, so `why <modelId>` finds it. */
  readonly modelId: string | null;
}

/** A transition waiting in a batch, with what it is about. */
interface PendingTransition {
  readonly record: TransitionRecord;
  readonly subject: TransitionSubject;
}

/** A transition of a batch after the batch ran: its event, or why it was refused (nothing stored). */
type BatchOutcome = { readonly event: CockpitEvent } | { readonly refused: PersistenceError };

/**
 * A recorder over `db`. Transitions are group-committed (`group-commit.ts`): those that arrive while
 * the database's write queue is busy share one transaction, each with its own precondition, event id
 * and outcome. Batches go through the write queue (`write-queue.ts`, shared by every recorder over
 * `db`), so ids commit in id order and `onEvent` hears events in id order, on SQLite and PostgreSQL.
 */
export function createTransitionRecorder(
  db: Kysely<Database>,
  options: TransitionRecorderOptions = {},
): TransitionRecorder {
  const queue = writeQueueOf(db);
  const order = eventCommitOrderOf(db);
  const statements = transitionStatementsOf(db);
  const precondition = statusPreconditionOf(db);
  const batches = createGroupCommit<PendingTransition, CockpitEvent>(queue, commitBatch);

  /**
   * One transaction for the whole batch. A refusal (`STALE_STATE`, `LEASE_LOST`) is found before
   * its transition writes anything, so it only drops that transition. Any other failure (a foreign
   * key, a sample stored twice, a full disk) can come half-way through a transition: the batch rolls
   * back and its transitions are committed one by one instead, so only the failing one fails.
   */
  async function commitBatch(batch: readonly PendingTransition[]): Promise<Settled<CockpitEvent>[]> {
    let outcomes: BatchOutcome[];
    try {
      // Read-write: on SQLite it takes the write lock at BEGIN, which the precondition relies on.
      outcomes = await db
        .transaction()
        .setAccessMode('read write')
        .execute((transaction) => writeBatch(transaction, batch));
    } catch (error) {
      // Refused writes (deleted or replaced files) would refuse each transition alike.
      if (batch.length === 1 || isPersistenceError(error, 'DATABASE_UNAVAILABLE')) {
        return batch.map((pending) => ({ ok: false, error: failureOf(pending, error) }));
      }
      const settled: Settled<CockpitEvent>[] = [];
      for (const pending of batch) settled.push(...(await commitBatch([pending])));
      return settled;
    }
    // After COMMIT, in id order: listeners never hear of an event that is not durable.
    return outcomes.map((outcome) =>
      'refused' in outcome ? { ok: false, error: outcome.refused } : publish(outcome.event),
    );
  }

  async function writeBatch(
    transaction: Transaction<Database>,
    batch: readonly PendingTransition[],
  ): Promise<BatchOutcome[]> {
    // One slot per transition, in order: its refusal now, or its event once the events are in.
    const refusals: (PersistenceError | undefined)[] = [];
    for (const pending of batch) {
      const refused = await refusalOf(transaction, precondition, pending);
      refusals.push(refused);
      if (refused === undefined) await writeRows(transaction, statements, pending);
    }
    const accepted = batch.filter((_pending, index) => refusals[index] === undefined);
    const events: CockpitEvent[] = [];
    if (accepted.length > 0) {
      await writeBatchRows(transaction, statements, accepted);
      // Every row first, then every event: the lock ordering event commits across replicas is
      // taken once per batch and held only for the event INSERTs and the COMMIT
      // (see event-commit-order.ts).
      await order.beforeEventInserts(transaction);
      events.push(...(await writeEvents(transaction, statements, accepted, options.outboxFor)));
      await order.afterEventInserts(transaction, events.at(-1)?.id ?? 0);
    }
    let next = 0;
    return refusals.map((refused) =>
      refused === undefined ? { event: events[next++] as CockpitEvent } : { refused },
    );
  }

  function publish(event: CockpitEvent): Settled<CockpitEvent> {
    try {
      options.onEvent?.(event);
    } catch (error) {
      return {
        ok: false,
        error: new PersistenceError(
          STORE_ERROR.EVENT_LISTENER_FAILED,
          `Event ${event.id} (${event.topic} ${event.type}) was stored, but the onEvent listener threw: ` +
            messageOf(error),
          { cause: error },
        ),
      };
    }
    return { ok: true, value: event };
  }

  async function commitAudit(record: AuditRecord): Promise<void> {
    const { entityType, entityId, modelId = null } = record;
    try {
      await db.transaction().execute((transaction) => insertAuditRows(transaction, { ...record, modelId }));
    } catch (error) {
      throw new PersistenceError(
        isPersistenceError(error, 'DATABASE_UNAVAILABLE') ? 'DATABASE_UNAVAILABLE' : 'AUDIT_FAILED',
        `Could not record "${record.audit.action}" for ${entityType} ${entityId}; ` +
          `nothing of it was stored: ${causeOf(error)}`,
        { cause: error },
      );
    }
  }

  return {
    async recordTransition(record) {
      return batches.submit({ record, subject: subjectOf(record) });
    },
    recordAudit: (record) => queue.run(() => commitAudit(record)),
  };
}

/** The error a transition that failed on its own (in a batch of one) rejects with. */
function failureOf({ record, subject }: PendingTransition, error: unknown): PersistenceError {
  // The model's hold refused a start: the engine names the canary that holds it.
  if (isPersistenceError(error, STORE_ERROR.MODEL_HELD)) return error;
  return new PersistenceError(
    isPersistenceError(error, 'DATABASE_UNAVAILABLE') ? 'DATABASE_UNAVAILABLE' : 'TRANSITION_FAILED',
    `Could not record "${record.audit.action}" for ${subject.entityType} ${subject.entityId}; ` +
      `nothing of it was stored: ${causeOf(error)}`,
    { cause: error },
  );
}

/**
 * The subject of a transition: its job, else its canary, else its sample's canary, else its model,
 * else its file (a file operation: audited and published, its content on disk).
 */
function subjectOf(record: TransitionRecord): TransitionSubject {
  const { job, canary, sample, model, file } = record;
  if (job !== undefined) {
    return { entityType: 'job', entityId: job.jobId, kind: 'job', topicEntityId: job.jobId, modelId: null };
  }
  const canaryId = canary?.canaryId ?? sample?.canaryId;
  if (canaryId !== undefined) {
    const modelId = canary?.modelId ?? sample?.modelId ?? model?.modelId ?? null;
    return { entityType: 'canary', entityId: canaryId, kind: 'canary', topicEntityId: canaryId, modelId };
  }
  if (model?.canaryId) {
    return {
      entityType: 'model',
      entityId: model.modelId,
      kind: 'canary',
      topicEntityId: model.canaryId,
      modelId: model.modelId,
    };
  }
  if (file !== undefined) {
    return { entityType: 'file', entityId: file.path, kind: 'file', topicEntityId: file.path, modelId: null };
  }
  throw new PersistenceError(
    'INVALID_TRANSITION',
    `Transition "${record.audit.action}" names no job, canary, sample, file (or a model with its canary), ` +
      'so it has no topic to publish on.',
  );
}

/**
 * Why `pending` must not be stored (its lease was taken over, or its entity's status moved on),
 * checked before it writes anything; undefined when it may be stored. Other errors propagate.
 */
async function refusalOf(
  transaction: Transaction<Database>,
  precondition: StatusPrecondition,
  { record, subject }: PendingTransition,
): Promise<PersistenceError | undefined> {
  try {
    // Before anything else: a replica that lost the canary's lease writes nothing at all.
    if (record.lease !== undefined) await assertLeaseHeld(transaction, record.lease);
    // So nothing is written when someone else (or an earlier transition of the batch) changed the entity.
    if (record.expectStatus !== undefined) {
      await precondition(transaction, subject, record.expectStatus);
    }
    return undefined;
  } catch (error) {
    if (isPersistenceError(error, STORE_ERROR.STALE_STATE)) {
      return new PersistenceError(
        STORE_ERROR.STALE_STATE,
        `Could not record "${record.audit.action}": ${error.message}`,
      );
    }
    if (
      isPersistenceError(error, 'INVALID_TRANSITION') ||
      isPersistenceError(error, STORE_ERROR.LEASE_LOST)
    ) {
      return error;
    }
    throw error;
  }
}

/**
 * The entity rows and the model gate, one transition at a time: a later transition's precondition
 * must see them.
 */
async function writeRows(
  transaction: Transaction<Database>,
  statements: TransitionStatements,
  { record }: PendingTransition,
): Promise<void> {
  if (record.job !== undefined) await runPrepared(transaction, statements.upsertJob, jobToRow(record.job));
  // A start that holds its model goes through the unique index's check (canary-row-write.ts); the
  // rest of a canary's transitions replace its row with the prepared upsert.
  if (record.canary !== undefined && record.holdsModel === true) {
    await writeCanaryRow(transaction, record.canary, true);
  } else if (record.canary !== undefined) {
    await runPrepared(transaction, statements.upsertCanary, canaryToRow(record.canary));
  }
  if (record.model !== undefined) {
    await runPrepared(transaction, statements.upsertModel, {
      model_id: record.model.modelId,
      gate: record.model.gate,
      canary_id: record.model.canaryId,
      updated_at: toStoredTime(record.at),
    });
  }
}

/**
 * The rows no precondition reads, all of the batch's in few statements: each transition's sample,
 * audit row and narrative line.
 */
async function writeBatchRows(
  transaction: Transaction<Database>,
  statements: TransitionStatements,
  accepted: readonly PendingTransition[],
): Promise<void> {
  const samples = accepted.flatMap(({ record }) =>
    record.sample === undefined ? [] : [sampleToRow(record.sample)],
  );
  await statements.insertSamples(transaction, samples);
  const facts = accepted.map(({ record, subject }) => ({
    at: record.at,
    operator: record.operator,
    entityType: subject.entityType,
    entityId: subject.entityId,
    modelId: subject.modelId,
    audit: record.audit,
    narrative: record.narrative,
  }));
  await statements.insertAudits(transaction, facts.map(auditRowOf));
  await statements.insertNarratives(transaction, facts.map(narrativeRowOf));
}

/**
 * The events of the batch, in submission order (consecutive ids), then the outbox rows owed with
 * each (a notification's key carries its event's id).
 */
async function writeEvents(
  transaction: Transaction<Database>,
  statements: TransitionStatements,
  accepted: readonly PendingTransition[],
  outboxFor: TransitionRecorderOptions['outboxFor'],
): Promise<CockpitEvent[]> {
  const eventRows = accepted.map(({ record, subject }) => ({
    created_at: toStoredTime(record.at),
    topic: `${subject.kind}/${subject.topicEntityId}`,
    kind: subject.kind,
    entity_id: subject.topicEntityId,
    type: record.event.type,
    data: JSON.stringify(record.event.data),
    narrative: formatNarrativeLine(record.at, record.narrative.message),
  }));
  const ids = await statements.insertEvents(transaction, eventRows);
  const events = eventRows.map((eventRow, index) => rowToEvent({ id: ids[index] as number, ...eventRow }));
  for (const [index, { record, subject }] of accepted.entries()) {
    // No row of the outbox is locked by a transaction waiting for the event lock (keys are per
    // decision or per event), so no deadlock.
    await insertOutboxRows(
      transaction,
      [...(record.outbox ?? []), ...(outboxFor?.(events[index] as CockpitEvent) ?? [])],
      { at: record.at, entityId: subject.entityId },
    );
  }
  return events;
}
