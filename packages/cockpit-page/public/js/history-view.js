// @ts-check
/**
 * The history view: every canary (per model) and every job, filtered by status on the server,
 * searched by id, model or task, a page at a time, through `list_canaries` / `list_jobs` and their
 * `before`/`next` cursor (see history-query.js for how the pages are asked for). A canary's row
 * opens its card.
 */
import { byId, clock, element, field } from './dom.js';
import { eventColour } from './event-colour.js';
import { historyRequest, matching, SEARCH_PAGES_MAX, searchPage } from './history-query.js';

const PAGE_SIZE = 10;
const STATUSES = {
  canaries: ['running', 'paused', 'promoted', 'rolled_back'],
  jobs: ['queued', 'running', 'completed', 'failed', 'cancelled'],
};

/**
 * Wires the history form, table and pager of the page.
 *
 * @example const history = createHistoryView({ callTool, openCanary }); history.showModel('lukhas-agi-v3');
 * @param {{ callTool(name: string, args: Record<string, unknown>): Promise<any>, openCanary(canaryId: string): void, onError(message: string): void }} options
 */
export function createHistoryView(options) {
  const form = /** @type {HTMLFormElement} */ (byId('history-form'));
  const body = byId('history-body');
  const head = byId('history-head');
  const pageText = byId('history-page');
  const newer = /** @type {HTMLButtonElement} */ (byId('history-newer'));
  const older = /** @type {HTMLButtonElement} */ (byId('history-older'));
  const models = /** @type {HTMLSelectElement} */ (form.elements.namedItem('modelId'));
  const statusSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem('status'));
  let page = 0;
  // The `before` of each page browsed so far: undefined for the newest, then each page's `next`.
  /** @type {(string | undefined)[]} */
  let cursors = [undefined];
  let generation = 0;

  const kind = () =>
    /** @type {'canaries' | 'jobs'} */ (field(form, 'kind') === 'jobs' ? 'jobs' : 'canaries');

  const fillStatuses = () => {
    const chosen = statusSelect.value;
    const list = STATUSES[kind()];
    statusSelect.replaceChildren(
      element('option', { value: '' }, 'any status'),
      ...list.map((status) => element('option', { value: status }, status)),
    );
    statusSelect.value = list.includes(chosen) ? chosen : '';
    models.disabled = kind() === 'jobs';
  };

  const load = async () => {
    const mine = ++generation;
    const query = {
      kind: kind(),
      modelId: models.value,
      status: statusSelect.value,
      search: field(form, 'search'),
      page,
      size: PAGE_SIZE,
    };
    const shown = query.search.trim() === '' ? await browse(query) : await search(query);
    // A slower answer to an older query must not replace a newer one.
    if (mine !== generation) return;
    head.replaceChildren(
      element(
        'tr',
        {},
        ...(query.kind === 'canaries'
          ? ['canary', 'model', 'gates', 'status', 'decision', 'started']
          : ['job', 'task / config', 'status', 'progress', 'created']
        ).map((name) => element('th', {}, name)),
      ),
    );
    body.replaceChildren(
      ...shown.rows.map((row) => (query.kind === 'canaries' ? canaryRow(row) : jobRow(row))),
    );
    const first = page * PAGE_SIZE + 1;
    const last = page * PAGE_SIZE + shown.rows.length;
    pageText.textContent =
      shown.rows.length === 0
        ? 'nothing matches'
        : `${first}–${last}${shown.hasOlder || shown.matched === undefined ? '' : ` of ${shown.matched}`}${shown.capped ? ` (searched the newest ${SEARCH_PAGES_MAX * 500})` : ''}`;
    byId('history').dataset.kind = query.kind;
    byId('history').dataset.page = String(page);
    newer.disabled = !shown.hasNewer;
    older.disabled = !shown.hasOlder;
  };

  /** The tool's rows of an answer. @param {'canaries' | 'jobs'} of @param {any} answer @returns {any[]} */
  const rowsOf = (of, answer) => (of === 'canaries' ? answer.canaries : answer.jobs);

  /**
   * One page from the server, after the cursor of the page before; remembers the next cursor.
   * @param {import('./history-query.js').HistoryQuery} query
   */
  const browse = async (query) => {
    const { tool, args } = historyRequest(query, cursors[page]);
    const answer = await options.callTool(tool, args);
    cursors[page + 1] = answer.next ?? undefined;
    const rows = rowsOf(query.kind, answer);
    const hasOlder = answer.next !== null && answer.next !== undefined;
    // On the last page the total is known: every page before it was full.
    return {
      rows,
      hasNewer: page > 0,
      hasOlder,
      matched: hasOlder ? undefined : page * PAGE_SIZE + rows.length,
      capped: false,
    };
  };

  /**
   * A search: reads the server's pages until the page asked for is full (and one more match
   * says whether an older page exists), or the rows run out, or SEARCH_PAGES_MAX pages were read.
   * @param {import('./history-query.js').HistoryQuery} query
   */
  const search = async (query) => {
    /** @type {any[]} */
    const matched = [];
    /** @type {string | undefined} */
    let before;
    let more = false;
    let pages = 0;
    do {
      const { tool, args } = historyRequest(query, before);
      const answer = await options.callTool(tool, args);
      matched.push(...matching(query.search, rowsOf(query.kind, answer)));
      before = answer.next ?? undefined;
      more = before !== undefined;
      pages += 1;
    } while (more && pages < SEARCH_PAGES_MAX && matched.length <= (query.page + 1) * query.size);
    return { ...searchPage(query, matched, more), capped: more && pages >= SEARCH_PAGES_MAX };
  };

  /** @param {any} canary */
  const canaryRow = (canary) => {
    const open = element(
      'a',
      { href: `#canary=${encodeURIComponent(canary.canaryId)}`, class: 'mono' },
      canary.canaryId,
    );
    open.addEventListener('click', () => options.openCanary(canary.canaryId));
    return element(
      'tr',
      { 'data-canary-id': canary.canaryId, 'data-status': canary.status, class: eventColour(canary.status) },
      element('td', {}, open),
      element('td', {}, canary.modelId),
      element('td', {}, `${canary.fromGate} → ${canary.toGate}`),
      element('td', { class: 'history-status' }, canary.status),
      element('td', {}, canary.decision ? `${canary.decision.outcome} (${canary.decision.rule})` : '–'),
      element(
        'td',
        { class: 'mono' },
        `${canary.startedAt?.slice(0, 10) ?? ''} ${clock(canary.startedAt ?? '')}`,
      ),
    );
  };

  /** @param {any} job */
  const jobRow = (job) =>
    element(
      'tr',
      { 'data-job-id': job.jobId, 'data-status': job.status, class: eventColour(job.status) },
      element('td', { class: 'mono' }, job.jobId),
      element('td', {}, `${job.taskId}${job.configId ? ` / ${job.configId}` : ''}`),
      element('td', { class: 'history-status' }, job.status),
      element('td', {}, typeof job.progress === 'number' ? `${Math.round(job.progress * 100)}%` : '–'),
      element('td', { class: 'mono' }, `${job.createdAt?.slice(0, 10) ?? ''} ${clock(job.createdAt ?? '')}`),
    );

  /** Shows page `nextPage`; a new filter or search starts again from the newest page. */
  const reload = (/** @type {number} */ nextPage, { restart = false } = {}) => {
    if (restart) cursors = [undefined];
    page = nextPage;
    load().catch((error) =>
      options.onError(`history: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reload(0, { restart: true });
  });
  form.addEventListener('change', (event) => {
    if (event.target === form.elements.namedItem('kind')) fillStatuses();
    reload(0, { restart: true });
  });
  // Search as one types, a little after the last key.
  let typing = 0;
  byId('history-search').addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => reload(0, { restart: true }), 250);
  });
  newer.addEventListener('click', () => reload(Math.max(0, page - 1)));
  older.addEventListener('click', () => reload(page + 1));
  fillStatuses();

  let pending = 0;
  return {
    /** Reloads the page shown with the current filters. */
    refresh: () => reload(page),
    /** Reloads the page shown soon, once for a burst of changes (a job or canary moved on). */
    changed() {
      clearTimeout(pending);
      pending = window.setTimeout(() => reload(page), 400);
    },
    /** Offers a model in the model filter (models are known from the canaries seen). @param {string} modelId */
    addModel(modelId) {
      if ([...models.options].some((option) => option.value === modelId)) return;
      const next = element('option', { value: modelId }, modelId);
      const after = [...models.options].slice(1).find((option) => option.value.localeCompare(modelId) > 0);
      models.insertBefore(next, after ?? null);
    },
    /** Shows one model's canaries and scrolls the view into sight. @param {string} modelId */
    showModel(modelId) {
      this.addModel(modelId);
      /** @type {HTMLSelectElement} */ (form.elements.namedItem('kind')).value = 'canaries';
      fillStatuses();
      models.value = modelId;
      reload(0, { restart: true });
      byId('history').scrollIntoView({ block: 'start' });
    },
  };
}
