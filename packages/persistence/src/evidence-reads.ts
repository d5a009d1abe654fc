/**
 * The range reads only the evidence export needs beyond the audit trails: every canary sample
 * taken in a range and every canary decided in it, streamed in keyset pages so memory stays flat.
 */
import type { CanaryRecord, StoredSample } from '@lukhas/core';
import type { Kysely } from 'kysely';
import { AUDIT_PAGE_SIZE } from './audit-log.ts';
import type { Database } from './database-schema.ts';
import { timeKeysetPages } from './keyset-pages.ts';
import { rowToCanary, rowToSample } from './row-mapping.ts';
import { toStoredTime } from './stored-time.ts';

/** A time range, epoch ms, both ends included. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** Range reads for the evidence export. */
export interface EvidenceReads {
  /** Samples of every canary taken in [from, to], oldest first (then by id), streamed in pages. */
  samplesBetween(range: TimeRange): AsyncIterable<StoredSample & { readonly id: number }>;
  /** Canaries decided in [from, to] with their decision and math, by canary id, streamed in pages. */
  canariesDecidedBetween(range: TimeRange): AsyncIterable<CanaryRecord>;
}

/** The evidence reads over `db`; `pageSize` rows per query. */
export function createEvidenceReads(db: Kysely<Database>, pageSize: number = AUDIT_PAGE_SIZE): EvidenceReads {
  return {
    async *samplesBetween({ from, to }) {
      const pages = timeKeysetPages((after, limit) => {
        const query = db.selectFrom('canary_metrics').selectAll().where('created_at', '<=', toStoredTime(to));
        // After the first page the row-value bound alone seeks straight to the next row.
        const bounded =
          after === undefined
            ? query.where('created_at', '>=', toStoredTime(from))
            : query.where((where) =>
                where(where.refTuple('created_at', 'id'), '>', where.tuple(after.createdAt, after.id)),
              );
        return bounded.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
      }, pageSize);
      for await (const row of pages) yield { id: row.id, ...rowToSample(row) };
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
