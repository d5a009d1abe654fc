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
import { insertAuditRows } from './audit-rows.ts';
import { writeCanaryRow } from './canary-row-write.ts';
import type { Database } from './database-schema.ts';
import { type EventCommitOrder, eventCommitOrderOf } from './event-commit-order.ts';
import { assertLeaseHeld } from './lease-fence.ts';
import { insertOutboxRows } from './outbox-store.ts';
import { causeOf, isPersistenceError, messageOf, PersistenceError } from './persistence-error.ts';
import { jobToRow, rowToEvent, sampleToRow } from './row-mapping.ts';
import { assertExpectedStatus } from './status-precondition.ts';
import { toStoredTime } from './stored-time.ts';
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

/**
 * A recorder over `db`. Transitions are written one at a time through the database's write queue
 * (`write-queue.ts`, shared by every recorder over `db`), so ids commit in id order and the
 * `onEvent` listener sees events in id order with no interleaving, on SQLite and on PostgreSQL.
 */
export function createTransitionRecorder(
  db: Kysely<Database>,
  options: TransitionRecorderOptions = {},
): TransitionRecorder {
  const queue = writeQueueOf(db);
  const order = eventCommitOrderOf(db);

  async function commitAndPublish(record: TransitionRecord): Promise<CockpitEvent> {
    const subject = subjectOf(record);
    let event: CockpitEvent;
    try {
      event = await db
        .transaction()
        .execute((transaction) =>
          writeTransition(transaction, record, subject, { order, outboxFor: options.outboxFor }),
        );
    } catch (error) {
      if (isPersistenceError(error, STORE_ERROR.STALE_STATE)) {
        throw new PersistenceError(
          STORE_ERROR.STALE_STATE,
          `Could not record "${record.audit.action}": ${error.message}`,
        );
      }
      if (
        isPersistenceError(error, 'INVALID_TRANSITION') ||
        isPersistenceError(error, STORE_ERROR.LEASE_LOST) ||
        isPersistenceError(error, STORE_ERROR.MODEL_HELD)
      )
        throw error;
      throw new PersistenceError(
        isPersistenceError(error, 'DATABASE_UNAVAILABLE') ? 'DATABASE_UNAVAILABLE' : 'TRANSITION_FAILED',
        `Could not record "${record.audit.action}" for ${subject.entityType} ${subject.entityId}; ` +
          `nothing of it was stored: ${causeOf(error)}`,
        { cause: error },
      );
    }
    try {
      options.onEvent?.(event);
    } catch (error) {
      throw new PersistenceError(
        STORE_ERROR.EVENT_LISTENER_FAILED,
        `Event ${event.id} (${event.topic} ${event.type}) was stored, but the onEvent listener threw: ` +
          messageOf(error),
        { cause: error },
      );
    }
    return event;
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
    recordTransition: (record) => queue.run(() => commitAndPublish(record)),
    recordAudit: (record) => queue.run(() => commitAudit(record)),
  };
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

async function writeTransition(
  transaction: Transaction<Database>,
  record: TransitionRecord,
  subject: TransitionSubject,
  steps: { readonly order: EventCommitOrder; readonly outboxFor: TransitionRecorderOptions['outboxFor'] },
): Promise<CockpitEvent> {
  const { order } = steps;
  const at = toStoredTime(record.at);
  // Before anything else: a replica that lost the canary's lease writes nothing at all.
  if (record.lease !== undefined) await assertLeaseHeld(transaction, record.lease);
  // First, so nothing is written when someone else changed the entity since it was read.
  if (record.expectStatus !== undefined) {
    await assertExpectedStatus(transaction, subject, record.expectStatus);
  }
  if (record.job !== undefined) {
    const { job_id, ...changes } = jobToRow(record.job);
    await transaction
      .insertInto('jobs')
      .values({ job_id, ...changes })
      .onConflict((conflict) => conflict.column('job_id').doUpdateSet(changes))
      .execute();
  }
  if (record.canary !== undefined) await writeCanaryRow(transaction, record.canary, record.holdsModel);
  if (record.sample !== undefined) {
    await transaction.insertInto('canary_metrics').values(sampleToRow(record.sample)).execute();
  }
  if (record.model !== undefined) {
    const changes = { gate: record.model.gate, canary_id: record.model.canaryId, updated_at: at };
    await transaction
      .insertInto('models')
      .values({ model_id: record.model.modelId, ...changes })
      .onConflict((conflict) => conflict.column('model_id').doUpdateSet(changes))
      .execute();
  }
  await insertAuditRows(transaction, {
    at: record.at,
    operator: record.operator,
    entityType: subject.entityType,
    entityId: subject.entityId,
    modelId: subject.modelId,
    audit: record.audit,
    narrative: record.narrative,
  });
  const eventRow = {
    created_at: at,
    topic: `${subject.kind}/${subject.topicEntityId}`,
    kind: subject.kind,
    entity_id: subject.topicEntityId,
    type: record.event.type,
    data: JSON.stringify(record.event.data),
    narrative: formatNarrativeLine(record.at, record.narrative.message),
  };
  // Last, so the lock that orders event commits across replicas is held only until COMMIT.
  await order.beforeEventInsert(transaction);
  const { id } = await transaction
    .insertInto('events')
    .values(eventRow)
    .returning('id')
    .executeTakeFirstOrThrow();
  await order.afterEventInsert(transaction, id);
  const event = rowToEvent({ id, ...eventRow });
  // After the event, whose id a notification's key carries. No row of the outbox is locked by a
  // transaction waiting for the event lock (keys are per decision or per event), so no deadlock.
  await insertOutboxRows(transaction, [...(record.outbox ?? []), ...(steps.outboxFor?.(event) ?? [])], {
    at: record.at,
    entityId: subject.entityId,
  });
  return event;
}
