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
 * created_at index.
 */
export async function* timeKeysetPages<Row extends { readonly id: number; readonly created_at: string }>(
  readPage: (after: TimeKeyset | undefined, pageSize: number) => Promise<readonly Row[]>,
  pageSize: number,
): AsyncGenerator<Row, void, undefined> {
  let after: TimeKeyset | undefined;
  for (;;) {
    const rows = await readPage(after, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (last === undefined || rows.length < pageSize) return;
    after = { createdAt: last.created_at, id: last.id };
  }
}
