import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './database-schema.ts';
import { toStoredTime } from './stored-time.ts';

/**
 * Reads a large result in pages by id (keyset pagination): each page asks for ids after the last
 * one seen, so memory stays flat and no row is skipped or repeated however large the table grows.
 */

/** Rows read in pages of `pageSize` by ascending id, yielded one at a time. */
export async function* keysetPages<Row extends { readonly id: number }>(
  readPage: (afterId: number, pageSize: number) => Promise<readonly Row[]>,
  pageSize: number,
): AsyncGenerator<Row, void, undefined> {
  let afterId = 0;
  for (;;) {
    const rows = await readPage(afterId, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    afterId = last.id;
  }
}

/** Where the last page ended, for {@link timeKeysetPages}. */
export interface TimeKeyset {
  readonly createdAt: string;
  readonly id: number;
}

/**
 * Rows of a time range read in pages by (created_at, id): with an index on created_at (which
 * SQLite extends with the rowid) each page is an index seek, never a re-scan of the whole range
 * plus a sort as `WHERE id > ? AND created_at BETWEEN …` becomes once the planner picks the
 * created_at index. Yields whole pages: the caller maps a page's rows in a plain loop, one async
 * step per page rather than one more per row (the evidence export streams millions of them).
 */
export async function* timeKeysetPages<Row extends { readonly id: number; readonly created_at: string }>(
  readPage: (after: TimeKeyset | undefined, pageSize: number) => Promise<readonly Row[]>,
  pageSize: number,
): AsyncGenerator<readonly Row[], void, undefined> {
  let after: TimeKeyset | undefined;
  for (;;) {
    const rows = await readPage(after, pageSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}

/** A time range, epoch ms, both ends included. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** The tables read by time range: each has an integer `id` and an indexed `created_at`. */
export type TimeRangeTable = 'audits' | 'audits_narrative' | 'canary_metrics';

/**
 * Narrows a select over a table with `id` and `created_at` to one page of a time range, in
 * (created_at, id) order: the first page starts at `from`; after it, the row-value bound alone seeks
 * straight to the next row. Use with `query.$call(…)` inside {@link timeKeysetPages}.
 */
export function withinTimeRangePage(range: TimeRange, after: TimeKeyset | undefined, limit: number) {
  return <Table extends TimeRangeTable, Output>(
    query: SelectQueryBuilder<Database, Table, Output>,
  ): SelectQueryBuilder<Database, Table, Output> => {
    // Kysely cannot see shared columns through a generic table; the three tables have the same
    // `id` and `created_at` columns, so typing the builder as one of them builds the same SQL.
    const typed = query as unknown as SelectQueryBuilder<Database, 'audits', Output>;
    const bounded = typed.where('created_at', '<=', toStoredTime(range.to));
    const started =
      after === undefined
        ? bounded.where('created_at', '>=', toStoredTime(range.from))
        : bounded.where((where) =>
            where(where.refTuple('created_at', 'id'), '>', where.tuple(after.createdAt, after.id)),
          );
    return started
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(limit) as unknown as SelectQueryBuilder<Database, Table, Output>;
  };
}
