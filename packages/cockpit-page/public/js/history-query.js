// @ts-check
/**
 * The history view's query as the list tools take it, and one page of their answer. The tools
 * (`list_canaries`, `list_jobs`) filter by status (and model, for canaries) on the server and take
 * a `limit` of at most 500, newest first, but no cursor: page N asks for the first
 * (N + 1) × size + 1 rows and shows the last `size` of them (the extra row says whether there is
 * an older page). A text search looks through the newest 500 the server filtered.
 */

/** The most rows a list tool returns (CANARY_LIST_LIMIT.max, JOB_LIST_LIMIT.max on the server). */
export const LIST_LIMIT_MAX = 500;

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
 * The tool and its arguments for a query.
 * @param {HistoryQuery} query
 * @returns {{ tool: 'list_canaries' | 'list_jobs', args: Record<string, unknown> }}
 */
export function historyRequest(query) {
  const limit =
    query.search.trim() === '' ? Math.min(LIST_LIMIT_MAX, (query.page + 1) * query.size + 1) : LIST_LIMIT_MAX;
  /** @type {Record<string, unknown>} */
  const args = { limit };
  if (query.status !== '') args.status = query.status;
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

/**
 * One page of the rows a tool answered for `query`.
 * @param {HistoryQuery} query @param {readonly any[]} rows newest first
 * @returns {{ rows: any[], hasNewer: boolean, hasOlder: boolean, matched: number, capped: boolean }}
 */
export function historyPage(query, rows) {
  const needle = query.search.trim().toLowerCase();
  const matched = needle === '' ? rows : rows.filter((row) => searchText(row).includes(needle));
  const from = query.page * query.size;
  return {
    rows: matched.slice(from, from + query.size),
    hasNewer: query.page > 0,
    hasOlder: matched.length > from + query.size,
    matched: matched.length,
    // The server held back older rows: the search or the last page may miss them.
    capped: rows.length >= LIST_LIMIT_MAX,
  };
}
