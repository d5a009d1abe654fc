// @ts-check
/**
 * The history view: every canary (per model) and every job, filtered by status on the server,
 * searched by id, model or task, a page at a time, through `list_canaries` / `list_jobs`
 * (see history-query.js for how the pages are asked for). A canary's row opens its card.
 */
import { byId, clock, element, field } from './dom.js';
import { eventColour } from './event-colour.js';
import { historyPage, historyRequest } from './history-query.js';

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
    const { tool, args } = historyRequest(query);
    const answer = await options.callTool(tool, args);
    // A slower answer to an older query must not replace a newer one.
    if (mine !== generation) return;
    const rows = query.kind === 'canaries' ? answer.canaries : answer.jobs;
    const shown = historyPage(query, rows);
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
    const first = shown.matched === 0 ? 0 : page * PAGE_SIZE + 1;
    const last = page * PAGE_SIZE + shown.rows.length;
    pageText.textContent =
      shown.matched === 0
        ? 'nothing matches'
        : `${first}–${last}${shown.hasOlder ? '' : ` of ${shown.matched}`}${shown.capped ? ' (the newest 500)' : ''}`;
    byId('history').dataset.kind = query.kind;
    byId('history').dataset.page = String(page);
    newer.disabled = !shown.hasNewer;
    older.disabled = !shown.hasOlder;
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

  const reload = (/** @type {number} */ nextPage) => {
    page = nextPage;
    load().catch((error) =>
      options.onError(`history: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reload(0);
  });
  form.addEventListener('change', (event) => {
    if (event.target === form.elements.namedItem('kind')) fillStatuses();
    reload(0);
  });
  // Search as one types, a little after the last key.
  let typing = 0;
  byId('history-search').addEventListener('input', () => {
    clearTimeout(typing);
    typing = window.setTimeout(() => reload(0), 250);
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
      reload(0);
      byId('history').scrollIntoView({ block: 'start' });
    },
  };
}
