/**
 * A list tool's page: how many rows it holds, and the `next` cursor, null on the last page. The
 * store is asked for one row more than the page, so a full last page says it is the last; at the
 * store's largest page (500) that extra row cannot be had, and a full page gives a `next` that may
 * lead to an empty page.
 */

/** A list's page bounds (JOB_LIST_LIMIT, CANARY_LIST_LIMIT). */
export interface PageBounds {
  readonly default: number;
  readonly max: number;
}

/** The page size a `limit` argument asks for, within the list's bounds. */
export function pageSize(limit: number | undefined, bounds: PageBounds): number {
  return Math.min(Math.max(1, limit ?? bounds.default), bounds.max);
}

/**
 * How many rows to read for a page of `size`: one more, when the bounds allow it.
 *
 * @example rowsToRead(10, { default: 50, max: 500 }) // 11
 */
export function rowsToRead(size: number, bounds: PageBounds): number {
  return size < bounds.max ? size + 1 : size;
}

/**
 * The page of `size` rows out of what was read, and the cursor to the page after it.
 *
 * @example
 * const { rows, next } = pageOf(found, 10, JOB_LIST_LIMIT, (job) => job.jobId);
 */
export function pageOf<Row>(
  read: readonly Row[],
  size: number,
  bounds: PageBounds,
  idOf: (row: Row) => string,
): { rows: Row[]; next: string | null } {
  const rows = read.slice(0, size);
  const last = rows.at(-1);
  const more = read.length > size || (size >= bounds.max && read.length === size);
  return { rows, next: more && last !== undefined ? idOf(last) : null };
}
