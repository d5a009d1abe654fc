/**
 * The two audit rows every recorded fact gets: a structured `audits` row and an
 * `audits_narrative` line. Shared by transitions and audit-only facts.
 */
import type { AuditFacts, EventKind, NarrativeFacts } from '@lukhas/core';
import type { Insertable, Transaction } from 'kysely';
import type { AuditsNarrativeTable, AuditsTable, Database } from './database-schema.ts';
import { toJsonColumn } from './json-column.ts';
import { toStoredTime } from './stored-time.ts';

/** Who did what to which entity, and when (epoch ms). */
export interface AuditRows {
  readonly at: number;
  readonly operator: string;
  readonly entityType: EventKind | 'model';
  readonly entityId: string;
  /** The model a line concerns, so `why <modelId>` finds it. */
  readonly modelId: string | null;
  readonly audit: AuditFacts;
  readonly narrative: NarrativeFacts;
}

/** Inserts the audit row and the narrative line inside `transaction`. */
export async function insertAuditRows(transaction: Transaction<Database>, rows: AuditRows): Promise<void> {
  await transaction.insertInto('audits').values(auditRowOf(rows)).execute();
  await transaction.insertInto('audits_narrative').values(narrativeRowOf(rows)).execute();
}

/** The structured `audits` row of a fact. */
export function auditRowOf(rows: AuditRows): Insertable<AuditsTable> {
  return {
    created_at: toStoredTime(rows.at),
    actor: rows.operator,
    action: rows.audit.action,
    entity_type: rows.entityType,
    entity_id: rows.entityId,
    details: JSON.stringify(rows.audit.details),
  };
}

/** The `audits_narrative` line of a fact. */
export function narrativeRowOf(rows: AuditRows): Insertable<AuditsNarrativeTable> {
  return {
    created_at: toStoredTime(rows.at),
    event_type: rows.narrative.eventType,
    entity_id: rows.entityId,
    entity_type: rows.entityType,
    message: rows.narrative.message,
    operator: rows.operator,
    context: toJsonColumn(rows.narrative.context),
    model_id: rows.modelId,
  };
}
