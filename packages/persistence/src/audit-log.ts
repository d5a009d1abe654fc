/**
 * Reads of the audit trails: `why` (narrative for an id) and the evidence export (ranges,
 * streamed in pages so a million rows do not sit in memory).
 */
import type { AuditEntry, AuditLog } from '@lukhas/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { type TimeRange, timeKeysetPages, withinTimeRangePage } from './keyset-pages.ts';
import { rowToAudit, rowToNarrative } from './row-mapping.ts';

/** Rows per page when streaming a range of the audit trails. */
export const AUDIT_PAGE_SIZE = 1000;

/** The audit trail reads over `db`; `pageSize` is how many rows each range query reads at once. */
export function createAuditLog(db: Kysely<Database>, pageSize: number = AUDIT_PAGE_SIZE): AuditLog {
  return {
    async narrativeFor(id) {
      const rows = await db
        .selectFrom('audits_narrative')
        .selectAll()
        .where((where) => where.or([where('entity_id', '=', id), where('model_id', '=', id)]))
        .orderBy('id', 'asc')
        .execute();
      return rows.map(rowToNarrative);
    },

    async *narrativeBetween(range) {
      const pages = timeKeysetPages(
        (after, limit) =>
          db
            .selectFrom('audits_narrative')
            .selectAll()
            .$call(withinTimeRangePage(range, after, limit))
            .execute(),
        pageSize,
      );
      for await (const page of pages) for (const row of page) yield rowToNarrative(row);
    },

    async *auditsBetween(range) {
      for await (const page of auditPages(db, range, pageSize)) yield* page;
    },
  };
}

/** The audit rows of a range (only those of one entity type, when given), mapped a page at a time. */
export async function* auditPages(
  db: Kysely<Database>,
  range: TimeRange,
  pageSize: number,
  entityType?: string,
): AsyncGenerator<readonly AuditEntry[], void, undefined> {
  const pages = timeKeysetPages(
    (after, limit) =>
      db
        .selectFrom('audits')
        .selectAll()
        .$if(entityType !== undefined, (query) => query.where('entity_type', '=', entityType as string))
        .$call(withinTimeRangePage(range, after, limit))
        .execute(),
    pageSize,
  );
  for await (const page of pages) yield page.map(rowToAudit);
}
