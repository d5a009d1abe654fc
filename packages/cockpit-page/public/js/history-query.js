// @ts-check
/**
 * The history view's query as the list tools take it, and one page of their answer. The tools
 * (`list_canaries`, `list_jobs`) filter by status (and model, for canaries) on the server, newest
 * first, and page with a cursor: each full page names its last row as `next`, which the next
 * request passes as `before`. Browsing asks for one page at a time. A text search (ids, models,
 * gates, tasks) reads the server's pages of 500 one after another until it has the page asked for,
 * at most {@link SEARCH_PAGES_MAX} of them.
 */

/** The most rows a list tool returns (CANARY_LIST_LIMIT.max, JOB_LIST_LIMIT.max on the server). */
export const LIST_LIMIT_MAX = 500;

/** How many server pages a search reads at most (10,000 rows): a bound, said on the page. */
export const SEARCH_PAGES_MAX = 20;

/**
 * @typedef {object} HistoryQuery
 * @property {'canaries' | 'jobs'} kind
 * @property {string} modelId '' for every model (canaries only)
 * @property {string} status '' for every status
 * @property {string} search '' for no search: matches ids, models, gates and tasks, any case
 * @property {number} page 0 is the newest
 * @property {number} size rows per page
 */

/**
 * The tool and its arguments for a query: one page of `size` rows when browsing, the server's
 * largest page when searching; `before` is the `next` of the page before.
 * @param {HistoryQuery} query @param {string | undefined} [before]
 * @returns {{ tool: 'list_canaries' | 'list_jobs', args: Record<string, unknown> }}
 */
export function historyRequest(query, before) {
  const limit = query.search.trim() === '' ? Math.min(LIST_LIMIT_MAX, query.size) : LIST_LIMIT_MAX;
  /** @type {Record<string, unknown>} */
  const args = { limit };
  if (query.status !== '') args.status = query.status;
  if (before !== undefined) args.before = before;
  if (query.kind === 'canaries') {
    if (query.modelId !== '') args.modelId = query.modelId;
    return { tool: 'list_canaries', args };
  }
  return { tool: 'list_jobs', args };
}

/** The text a row is searched in. @param {any} row */
function searchText(row) {
  return [row.canaryId, row.jobId, row.modelId, row.fromGate, row.toGate, row.taskId, row.configId]
    .filter((part) => typeof part === 'string')
    .join(' ')
    .toLowerCase();
}

/** The rows of `rows` a search matches. @param {string} search @param {readonly any[]} rows */
export function matching(search, rows) {
  const needle = search.trim().toLowerCase();
  return needle === '' ? [...rows] : rows.filter((row) => searchText(row).includes(needle));
}

/**
 * One page of a search over the rows read so far (newest first).
 * @param {HistoryQuery} query @param {readonly any[]} matched the rows that match, in order
 * @param {boolean} more the server has rows not read yet
 * @returns {{ rows: any[], hasNewer: boolean, hasOlder: boolean, matched: number }}
 */
export function searchPage(query, matched, more) {
  const from = query.page * query.size;
  return {
    rows: matched.slice(from, from + query.size),
    hasNewer: query.page > 0,
    hasOlder: matched.length > from + query.size || more,
    matched: matched.length,
  };
}
