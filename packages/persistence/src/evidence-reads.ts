/**
 * The range reads only the evidence export needs beyond the audit trails: every canary sample
 * taken in a range, every canary decided in it, the file changes among the audit rows, and the
 * audit rows and narrative lines a page at a time, streamed in keyset pages so memory stays flat.
 */
import type { AuditEntry, CanaryRecord, StoredSample } from '@lukhas/core';
import type { Kysely } from 'kysely';
import { AUDIT_PAGE_SIZE, auditPages } from './audit-log.ts';
import type { Database } from './database-schema.ts';
import { type TimeRange, timeKeysetPages, withinTimeRangePage } from './keyset-pages.ts';
import { narrativeLineOf, rowToCanary, rowToSample } from './row-mapping.ts';
import { toStoredTime } from './stored-time.ts';

/** Range reads for the evidence export. */
export interface EvidenceReads {
  /** Samples of every canary taken in [from, to], oldest first (then by id), streamed in pages. */
  samplesBetween(range: TimeRange): AsyncIterable<StoredSample & { readonly id: number }>;
  /** Canaries decided in [from, to] with their decision and math, by canary id, streamed in pages. */
  canariesDecidedBetween(range: TimeRange): AsyncIterable<CanaryRecord>;
  /** The audit rows of file operations (`entity_type = 'file'`) in [from, to], as `auditsBetween` orders them. */
  fileAuditsBetween(range: TimeRange): AsyncIterable<AuditEntry>;
  /**
   * `auditsBetween`'s rows a page at a time: the export maps a page in a plain loop instead of
   * taking an async step per row (a million rows cost about half a second of those).
   */
  auditPagesBetween(range: TimeRange): AsyncIterable<readonly AuditEntry[]>;
  /**
   * The `line` of each of `narrativeBetween`'s entries, a page at a time, reading only the columns
   * a line is made of.
   */
  narrativeLinePagesBetween(range: TimeRange): AsyncIterable<readonly string[]>;
}

/** The evidence reads over `db`; `pageSize` rows per query. */
export function createEvidenceReads(db: Kysely<Database>, pageSize: number = AUDIT_PAGE_SIZE): EvidenceReads {
  return {
    async *samplesBetween(range) {
      const pages = timeKeysetPages(
        (after, limit) =>
          db
            .selectFrom('canary_metrics')
            .selectAll()
            .$call(withinTimeRangePage(range, after, limit))
            .execute(),
        pageSize,
      );
      for await (const page of pages) for (const row of page) yield { id: row.id, ...rowToSample(row) };
    },

    async *fileAuditsBetween(range) {
      // Filtered by the query: the export's file-changes.json would otherwise read, map and drop
      // every other audit row (a million of them in the bench) to keep a handful.
      for await (const page of auditPages(db, range, pageSize, 'file')) yield* page;
    },

    auditPagesBetween: (range) => auditPages(db, range, pageSize),

    async *narrativeLinePagesBetween(range) {
      const pages = timeKeysetPages(
        (after, limit) =>
          db
            .selectFrom('audits_narrative')
            .select(['id', 'created_at', 'message'])
            .$call(withinTimeRangePage(range, after, limit))
            .execute(),
        pageSize,
      );
      for await (const page of pages) yield page.map((row) => narrativeLineOf(row.created_at, row.message));
    },

    async *canariesDecidedBetween({ from, to }) {
      // Canary ids are text, so the keyset is the id itself rather than keysetPages' numeric one.
      let afterId = '';
      for (;;) {
        const rows = await db
          .selectFrom('canaries')
          .selectAll()
          .where('id', '>', afterId)
          .where('decided_at', 'is not', null)
          .where('decided_at', '>=', toStoredTime(from))
          .where('decided_at', '<=', toStoredTime(to))
          .orderBy('id', 'asc')
          .limit(pageSize)
          .execute();
        for (const row of rows) yield rowToCanary(row);
        const last = rows.at(-1);
        if (last === undefined || rows.length < pageSize) return;
        afterId = last.id;
      }
    },
  };
}
