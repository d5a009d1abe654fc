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
