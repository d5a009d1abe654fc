// @ts-check
/**
 * The cockpit page: the key (this tab only), live jobs and canaries from `/sse?topic=jobs&topic=canaries`,
 * the colour-coded event log, per-canary SLO charts and traffic ladders (Promote), WHY, evidence
 * download, the forms, and the `#canary=<id>` link that opens one canary.
 */
import { keyHeaders, loadApiKey, saveApiKey } from './api-key.js';
import { chartSample, createCanaryCharts } from './canary-chart.js';
import { canaryCountdown } from './canary-countdown.js';
import { canaryIdFromHash } from './canary-link.js';
import { callTool, liveCockpit } from './cockpit-client.js';
import { byId, element, field } from './dom.js';
import { eventColour } from './event-colour.js';
import { createEventLog } from './event-log.js';
import { LIST_LIMIT_MAX } from './history-query.js';
import { createHistoryView } from './history-view.js';
import { askForKey, isUnauthorized } from './key-prompt.js';
import { createOverview } from './overview.js';
import { followInStatus, QUIET_EVENTS, status } from './status-line.js';
import { createStepLadder } from './step-ladder.js';
import { ladderAfterEvent, ladderFromRecord, mergeLadder } from './step-ladder-state.js';
import { parseStepsField } from './steps-field.js';
import { showWhy } from './why-panel.js';

/** @type {{ close(): void } | undefined} */
let stream;
/** @type {Map<string, HTMLTableRowElement>} */
const jobRows = new Map();
/**
 * @typedef {object} CanaryCard
 * @property {HTMLElement} card
 * @property {ReturnType<typeof createCanaryCharts>} charts
 * @property {ReturnType<typeof createStepLadder>} ladder
 * @property {import('./step-ladder-state.js').LadderState | null} ladderState
 */
/** @type {Map<string, CanaryCard>} */
const canaryCards = new Map();
const eventLog = createEventLog();
const overview = createOverview(byId('overview'), {
  onModel: (modelId) => historyView.showModel(modelId),
  onCanary: (canaryId) => openCanary(canaryId),
});
const historyView = createHistoryView({
  callTool,
  openCanary: (canaryId) => openCanary(canaryId),
  onError: (message) => status(message, 'error'),
});

/**
 * Opens a canary from a link on the page: the link sets `#canary=<id>` and `hashchange` opens it;
 * a link to the canary the fragment already names changes nothing, so it is opened here.
 * @param {string} canaryId
 */
function openCanary(canaryId) {
  if (canaryIdFromHash(location.hash) === canaryId) void openLinkedCanary();
}

/** Every canary a list answered: the overview and the history's model filter learn of them. @param {any[]} canaries */
function onCanariesListed(canaries) {
  for (const canary of canaries) {
    overview.update(canary);
    historyView.addModel(canary.modelId);
  }
}

/** Events that move a canary's traffic ladder. */
const LADDER_EVENTS = new Set(['step', 'paused', 'resumed', 'promoted', 'rolled_back']);

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** @param {string} label @param {() => Promise<unknown>} action @param {string} [className] */
function button(label, action, className = '') {
  const node = element('button', { type: 'button', class: className }, label);
  node.addEventListener('click', () => {
    node.disabled = true;
    action()
      .catch((error) => status(messageOf(error), 'error'))
      .finally(() => {
        node.disabled = false;
      });
  });
  return node;
}

// How far along a lifecycle each status is. A tool's answer can arrive after the stream's newer
// events (run_eval answers `queued` while `running` is already on screen): never step back.
/** @type {Record<string, number>} */
const STATUS_STAGE = {
  queued: 0,
  running: 1,
  paused: 1,
  completed: 2,
  failed: 2,
  cancelled: 2,
  promoted: 2,
  rolled_back: 2,
};

/** True when `next` would move a row back to an earlier stage than `current`. @param {string | undefined} current @param {string} next */
function stepsBack(current, next) {
  return current !== undefined && (STATUS_STAGE[next] ?? 0) < (STATUS_STAGE[current] ?? 0);
}

/** Creates or updates a job's row. @param {any} job a job record or a job event's data */
function upsertJob(job) {
  const jobId = String(job.jobId);
  let row = jobRows.get(jobId);
  if (row === undefined) {
    row = element('tr', { 'data-job-id': jobId });
    row.append(
      element('td', { class: 'mono' }, jobId),
      element('td', { class: 'task' }, ''),
      element('td', { class: 'job-status' }, ''),
      element(
        'td',
        { class: 'job-progress' },
        element('progress', { max: '1', value: '0' }),
        element('span', {}, ''),
      ),
      element(
        'td',
        { class: 'actions' },
        button('WHY', () => showWhy(jobId), 'why'),
        button(
          'Cancel',
          () => callTool('cancel_job', { jobId, reason: 'cancelled from the cockpit' }),
          'danger cancel',
        ),
      ),
    );
    jobRows.set(jobId, row);
    byId('jobs-body').prepend(row);
    byId('jobs-empty').hidden = true;
  }
  const cells = row.cells;
  // Events carry only what changed (a `running` event has no configId): keep what is known.
  if (job.taskId !== undefined) row.dataset.taskId = job.taskId;
  if (job.configId) row.dataset.configId = job.configId;
  cells[1]?.replaceChildren(
    `${row.dataset.taskId ?? ''}${row.dataset.configId ? ` / ${row.dataset.configId}` : ''}`,
  );
  if (job.status !== undefined && !stepsBack(row.dataset.status, job.status)) {
    row.dataset.status = job.status;
    row.className = `job ${eventColour(job.status)}`;
    cells[2]?.replaceChildren(String(job.status));
    const cancel = row.querySelector('button.cancel');
    if (cancel instanceof HTMLElement) cancel.hidden = !['queued', 'running'].includes(job.status);
  }
  const progress = row.querySelector('progress');
  const progressText = cells[3]?.querySelector('span');
  if (typeof job.progress === 'number' && progress !== null) {
    progress.value = job.progress;
    if (progressText)
      progressText.textContent = ` ${Math.round(job.progress * 100)}%${job.message ? ` ${job.message}` : ''}`;
  }
  if (job.status === 'completed' && progress !== null) progress.value = 1;
}

/** Creates or updates a canary's card. @param {any} canary a canary record or a canary event's data */
function upsertCanary(canary) {
  const canaryId = String(canary.canaryId);
  let entry = canaryCards.get(canaryId);
  if (entry === undefined) {
    const targets = canary.policy?.targets ?? {};
    const charts = createCanaryCharts(targets);
    const ladder = createStepLadder({
      canaryId,
      describe: () => `${card.dataset.modelId ?? ''} ${canaryId}`.trim(),
      promote: async (full) => upsertCanary(await callTool('promote_canary', { canaryId, full })),
    });
    const card = element(
      'article',
      { class: 'canary', 'data-canary-id': canaryId },
      element(
        'header',
        {},
        element('h3', { class: 'canary-title' }, ''),
        element('span', { class: 'canary-status' }, ''),
      ),
      element('p', { class: 'canary-decision muted' }, 'deciding…'),
      element(
        'div',
        { class: 'canary-progress' },
        element('progress', { max: '1', value: '0', 'aria-label': 'window elapsed' }),
        element('span', { class: 'countdown' }, ''),
      ),
      ladder.element,
      charts.element,
      element(
        'div',
        { class: 'actions' },
        button('WHY', () => showWhy(canaryId), 'why'),
        button(
          'Abort',
          () => callTool('abort_canary', { canaryId, reason: 'aborted from the cockpit' }),
          'danger abort',
        ),
      ),
    );
    entry = { card, charts, ladder, ladderState: null };
    canaryCards.set(canaryId, entry);
    byId('canaries').prepend(card);
    byId('canaries-empty').hidden = true;
  }
  const { card } = entry;
  if (canary.modelId !== undefined) overview.update(canary);
  rememberWindow(entry, canary);
  const title = card.querySelector('.canary-title');
  if (title && canary.modelId !== undefined) {
    card.dataset.modelId = canary.modelId;
    if (canary.toGate !== undefined) card.dataset.toGate = canary.toGate;
    title.textContent = `${canary.modelId}: ${canary.fromGate ?? '?'} → ${canary.toGate ?? canary.gate ?? '?'}`;
  }
  // A record (or the `started` event) carries the policy and the traffic; other events do not.
  if (canary.policy !== undefined || canary.traffic !== undefined) {
    moveLadder(entry, ladderFromRecord(canary));
    if (canary.traffic != null && canary.status === 'running') readStepStart(entry, canaryId);
  }
  if (canary.status !== undefined) showCanaryStatus(entry, canaryId, canary.status);
  const decision = canary.decision;
  if (decision) {
    const text = card.querySelector('.canary-decision');
    if (text) {
      text.textContent = `${decision.outcome} (${decision.rule}): ${decision.reason}`;
      text.className = `canary-decision ${decision.outcome === 'promote' ? 'success' : 'error'}`;
    }
  }
  return entry;
}

/**
 * Keeps what the countdown and the time axis need (window, decision time, steps or not) from a
 * record or an event, and redraws both.
 * @param {CanaryCard} entry @param {any} canary
 */
function rememberWindow(entry, canary) {
  const { card } = entry;
  if (typeof canary.startedAt === 'string') card.dataset.startedAt = canary.startedAt;
  if (typeof canary.windowEndsAt === 'string') card.dataset.windowEndsAt = canary.windowEndsAt;
  if (typeof canary.decidedAt === 'string') card.dataset.decidedAt = canary.decidedAt;
  if (canary.policy !== undefined) card.dataset.stepped = String(Array.isArray(canary.policy.steps));
  const decided = ['promoted', 'rolled_back'].includes(canary.status ?? card.dataset.status ?? '');
  if (decided && card.dataset.decidedAt === undefined) card.dataset.decidedAt = new Date().toISOString();
  entry.charts.setWindow({
    startedAt: card.dataset.startedAt,
    windowEndsAt: card.dataset.windowEndsAt,
    decidedAt: card.dataset.decidedAt,
    decided,
    stepped: card.dataset.stepped === 'true',
  });
  showCountdown(entry);
}

/** The window's progress bar and time left on a card, at this instant. @param {CanaryCard} entry */
function showCountdown(entry) {
  const { card } = entry;
  const pause = timedPauseOf(entry);
  const countdown = canaryCountdown(
    {
      status: card.dataset.status,
      startedAt: card.dataset.startedAt,
      windowEndsAt: card.dataset.windowEndsAt,
      decidedAt: card.dataset.decidedAt,
      stepped: card.dataset.stepped === 'true',
      ...(pause === undefined ? {} : { pause }),
    },
    Date.now(),
  );
  const bar = card.querySelector('.canary-progress progress');
  const text = card.querySelector('.canary-progress .countdown');
  if (bar instanceof HTMLProgressElement) bar.value = countdown.fraction;
  if (text !== null) text.textContent = countdown.text;
  card.dataset.remainingMs = countdown.remainingMs === null ? '' : String(countdown.remainingMs);
}

/**
 * The timed pause a stepped canary is in, with the time it began (from the `step`/`resumed` event
 * that began it, or `why_math`'s step timeline for a canary read from the server).
 * @param {CanaryCard} entry @returns {{ seconds: number, startedAt: string } | undefined}
 */
function timedPauseOf(entry) {
  const state = entry.ladderState;
  const startedAt = entry.card.dataset.stepStartedAt;
  if (state === null || startedAt === undefined || state.status !== 'running') return undefined;
  const step = state.steps[state.currentIndex];
  if (step == null || !('pause' in step) || step.pause.seconds === undefined) return undefined;
  return { seconds: step.pause.seconds, startedAt };
}

/**
 * Reads when the step in progress began, from `why_math`'s step timeline, for a stepped canary
 * whose card has not seen the event that began it. @param {CanaryCard} entry @param {string} canaryId
 */
function readStepStart(entry, canaryId) {
  const { card } = entry;
  if (card.dataset.stepStartedAt !== undefined || card.dataset.stepStartRead === 'true') return;
  card.dataset.stepStartRead = 'true';
  callTool('why_math', { id: canaryId })
    .then((math) => {
      const current = math.steps?.timeline?.find((/** @type {any} */ step) => step.endedAt === null);
      if (current !== undefined && card.dataset.stepStartedAt === undefined) {
        card.dataset.stepStartedAt = current.startedAt;
        showCountdown(entry);
      }
    })
    .catch(() => {});
}

/** Every second: the countdowns of the canaries still running. */
function tickCountdowns() {
  for (const entry of canaryCards.values()) {
    if (entry.card.dataset.remainingMs !== '') showCountdown(entry);
  }
}

/**
 * Shows a canary's status unless it would step back. Running and paused follow the ladder, which
 * only moves forward: an older answer saying `paused` must not undo a `resumed` already shown.
 * @param {CanaryCard} entry @param {string} canaryId @param {string} status
 */
function showCanaryStatus(entry, canaryId, status) {
  const { card, ladderState } = entry;
  const shown =
    ladderState !== null && (status === 'running' || status === 'paused') ? ladderState.status : status;
  if (stepsBack(card.dataset.status, shown)) return;
  card.dataset.status = shown;
  card.className = `canary ${eventColour(shown)}`;
  if (shown === 'promoted' || shown === 'rolled_back') {
    rememberWindow(entry, { status: shown });
    pruneDecidedCards();
  }
  const badge = card.querySelector('.canary-status');
  if (badge) badge.textContent = `${shown}  ${canaryId}`;
  const abort = card.querySelector('button.abort');
  // abort_canary works at every step, paused included.
  if (abort instanceof HTMLElement) abort.hidden = shown !== 'running' && shown !== 'paused';
}

/** How many decided canaries keep a card; older ones are in the history view. */
const MAX_DECIDED_CARDS = 6;

/**
 * Keeps the page short: the canaries still running or paused, and the newest decided ones (the
 * cards are newest on top). A card opened from a link stays.
 */
function pruneDecidedCards() {
  const decided = [...byId('canaries').querySelectorAll('article.canary')].filter(
    (card) => card instanceof HTMLElement && ['promoted', 'rolled_back'].includes(card.dataset.status ?? ''),
  );
  for (const card of decided.slice(MAX_DECIDED_CARDS)) {
    if (!(card instanceof HTMLElement) || card.dataset.linked !== undefined) continue;
    canaryCards.delete(card.dataset.canaryId ?? '');
    card.remove();
  }
}

/** Moves a card's ladder to `next` if that is further along, and redraws it. @param {CanaryCard} entry @param {import('./step-ladder-state.js').LadderState | null} next */
function moveLadder(entry, next) {
  entry.ladderState = mergeLadder(entry.ladderState, next);
  entry.ladder.update(entry.ladderState, entry.card.dataset.toGate);
}

/** @param {import('../../vendor/mcp-cockpit-client.js').CockpitEvent} event */
function onEvent(event) {
  eventLog.add(event);
  followInStatus(event);
  if (!QUIET_EVENTS.has(event.type)) historyView.changed();
  const data = event.data ?? {};
  if (event.topic.startsWith('job/')) {
    upsertJob({ ...data, status: data.status ?? event.type });
    return;
  }
  if (!event.topic.startsWith('canary/')) return;
  overview.update(data, event.type);
  if (typeof data.modelId === 'string') historyView.addModel(data.modelId);
  if (event.type === 'metric') {
    upsertCanary({ canaryId: data.canaryId }).charts.add(data);
    return;
  }
  const entry = upsertCanary(data);
  if (event.type === 'step' || event.type === 'resumed') {
    // The step after this one begins now: a timed pause counts from here.
    entry.card.dataset.stepStartedAt = event.ts;
  }
  if (LADDER_EVENTS.has(event.type)) {
    const before = entry.ladderState;
    moveLadder(entry, ladderAfterEvent(before, event.type, data));
    if (event.type === 'paused' || event.type === 'resumed') {
      showCanaryStatus(entry, String(data.canaryId), event.type === 'paused' ? 'paused' : 'running');
    }
    // A card drawn from a sample before its record knows no steps: the record names them.
    if (before === null && entry.ladderState !== null && entry.ladderState.steps.includes(null)) {
      refreshCanary(String(data.canaryId));
    }
  }
  if (event.type === 'promoted' || event.type === 'rolled_back') {
    // The event carries the outcome; the card shows the decided record's rule and reason.
    refreshCanary(String(data.canaryId));
  }
  return entry;
}

/** Redraws a card from the canary's record, its stored samples included (a point missed live is drawn). @param {string} canaryId */
function refreshCanary(canaryId) {
  callTool('get_canary', { canaryId })
    .then((canary) => drawSamples(upsertCanary(canary), canary.samples))
    .catch((error) => status(messageOf(error), 'error'));
}

/**
 * Draws stored samples (`get_canary`'s or `why_math`'s, each with its baseline reading) on a card's
 * charts; a sample already drawn live is drawn once.
 * @param {CanaryCard} entry @param {any[] | undefined} samples
 */
function drawSamples(entry, samples) {
  for (const sample of samples ?? []) entry.charts.add(chartSample(sample));
}

/**
 * Opens the canary a `#canary=<id>` link names: its card (read with `get_canary` when it is not
 * among those listed, with its samples), marked, focused and scrolled to.
 */
async function openLinkedCanary() {
  const canaryId = canaryIdFromHash(location.hash);
  if (canaryId === undefined) return;
  try {
    let entry = canaryCards.get(canaryId);
    if (entry === undefined) {
      const canary = await callTool('get_canary', { canaryId });
      entry = upsertCanary(canary);
      drawSamples(entry, canary.samples);
    }
    for (const other of canaryCards.values()) delete other.card.dataset.linked;
    const { card } = entry;
    card.dataset.linked = 'true';
    card.tabIndex = -1;
    card.focus();
    card.scrollIntoView({ block: 'start' });
    status(`opened canary ${canaryId} from the link`, 'ok');
  } catch (error) {
    status(`cannot open canary ${canaryId} from the link: ${messageOf(error)}`, 'error');
  }
}

/**
 * Reads what exists now: the recent jobs and canaries, and the samples of those still running
 * (and of the newest decided ones). Tools answer with the state at their instant and cards never
 * step back, so this may run again at any time (after each (re)connect of the stream).
 */
async function loadState() {
  const [{ jobs }, { canaries }, { canaries: forOverview }] = await Promise.all([
    callTool('list_jobs', { limit: 50 }),
    callTool('list_canaries', { limit: 20 }),
    // The overview needs every model that had a canary, not only the newest 20 canaries.
    callTool('list_canaries', { limit: LIST_LIMIT_MAX }),
  ]);
  for (const job of [...jobs].reverse()) upsertJob(job);
  for (const canary of [...canaries].reverse()) upsertCanary(canary);
  onCanariesListed(forOverview);
  historyView.refresh();
  const drawn = canaries.filter(
    (/** @type {any} */ canary, /** @type {number} */ index) =>
      index < 5 || canary.status === 'running' || canary.status === 'paused',
  );
  for (const canary of drawn) {
    callTool('get_canary', { canaryId: canary.canaryId })
      .then((record) => drawSamples(upsertCanary(record), record.samples))
      .catch(() => {});
  }
}

/**
 * Connects this tab: reads what exists now, then follows the stream, and reads again each time the
 * stream (re)opens, so an event between the read and the subscription is never lost (a job started
 * before connecting does not stay "queued"). A 401 asks for the key; nothing else does.
 */
async function connect() {
  stream?.close();
  stream = undefined;
  const apiKey = loadApiKey();
  byId('key-state').textContent = apiKey === '' ? 'no key in this tab' : 'key kept in this tab only';
  try {
    await loadState();
  } catch (error) {
    if (isUnauthorized(error)) askForKey(messageOf(error));
    else status(`cannot load: ${messageOf(error)}`, 'error');
    return;
  }
  delete document.body.dataset.auth;
  const live = liveCockpit(apiKey);
  /** @param {'connecting' | 'open' | 'reconnecting' | 'closed'} state @param {string} [detail] */
  const showState = (state, detail) => {
    byId('connection').textContent = detail ? `${state}: ${detail}` : state;
    byId('connection').dataset.state = state;
  };
  let opened = false;
  live.on('*', onEvent);
  live.on('open', () => {
    showState('open');
    // The first read happened before the subscription: read once more so nothing falls between.
    loadState().catch((error) => status(`cannot load: ${messageOf(error)}`, 'error'));
    if (!opened) {
      opened = true;
      void openLinkedCanary();
    }
  });
  live.on('reconnecting', (info) => showState('reconnecting', info.error.message));
  live.on('error', (error) => {
    showState('closed', error.message);
    if (isUnauthorized(error)) askForKey(error.message);
  });
  showState('connecting');
  live.subscribe(['jobs', 'canaries']);
  stream = {
    close() {
      live.close();
      showState('closed');
    },
  };
  status(apiKey === '' ? 'connected (this server needs no key)' : 'connected', 'ok');
}

/** @param {string} value */
function optionalNumber(value) {
  return value === '' ? undefined : Number(value);
}

/**
 * Runs a form's action; its text (if any) goes to the status line. A 401 asks for the key.
 * @param {HTMLFormElement} form @param {(form: HTMLFormElement) => Promise<string | undefined>} action
 */
function onSubmit(form, action) {
  form.addEventListener('submit', (submitEvent) => {
    submitEvent.preventDefault();
    action(form)
      .then((text) => {
        if (text !== undefined) status(text, 'ok');
      })
      .catch((error) =>
        isUnauthorized(error) ? askForKey(messageOf(error)) : status(messageOf(error), 'error'),
      );
  });
}

async function downloadEvidence() {
  const from = field(/** @type {HTMLFormElement} */ (byId('evidence-form')), 'from') || '30d';
  const response = await fetch(`/evidence/export?from=${encodeURIComponent(from)}`, {
    headers: keyHeaders(loadApiKey()),
  });
  if (!response.ok) throw new Error(`evidence export: HTTP ${response.status}`);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `ops-evidence-${from}.zip`;
  const link = element('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return `evidence saved as ${name} (${blob.size} bytes)`;
}

function start() {
  const keyForm = /** @type {HTMLFormElement} */ (byId('key-form'));
  keyForm.addEventListener('submit', (submitEvent) => {
    submitEvent.preventDefault();
    saveApiKey(field(keyForm, 'apiKey'));
    keyForm.reset();
    void connect();
  });
  byId('forget-key').addEventListener('click', () => {
    saveApiKey('');
    stream?.close();
    byId('key-state').textContent = 'no key in this tab';
  });
  onSubmit(/** @type {HTMLFormElement} */ (byId('eval-form')), async (form) => {
    const configId = field(form, 'configId');
    const job = await callTool('run_eval', {
      taskId: field(form, 'taskId'),
      ...(configId ? { configId } : {}),
    });
    upsertJob(job);
    status(`queued ${job.jobId}`, 'ok', job.jobId);
    return undefined;
  });
  onSubmit(/** @type {HTMLFormElement} */ (byId('canary-form')), async (form) => {
    /** @type {Record<string, number>} */
    const targets = {};
    for (const name of ['latency_p95_ms', 'max_error_rate', 'max_drift']) {
      const value = optionalNumber(field(form, name));
      if (value !== undefined) targets[name] = value;
    }
    const stepsField = /** @type {HTMLElement} */ (form.querySelector('[name=steps]'));
    let steps;
    try {
      steps = parseStepsField(field(form, 'steps'));
      stepsField.setAttribute('aria-invalid', 'false');
    } catch (error) {
      stepsField.setAttribute('aria-invalid', 'true');
      stepsField.focus();
      throw error;
    }
    /** @type {Record<string, unknown>} */
    const policy = { targets, ...(steps === undefined ? {} : { steps }) };
    for (const name of ['windowSeconds', 'intervalSeconds', 'minSamples', 'failureLimit']) {
      const value = optionalNumber(field(form, name));
      if (value !== undefined) policy[name] = value;
    }
    const canary = await callTool('start_canary', {
      modelId: field(form, 'modelId'),
      fromGate: field(form, 'fromGate'),
      toGate: field(form, 'toGate'),
      policy,
    });
    upsertCanary(canary);
    status(`started ${canary.canaryId}`, 'ok', canary.canaryId);
    return undefined;
  });
  onSubmit(/** @type {HTMLFormElement} */ (byId('evidence-form')), () => downloadEvidence());
  byId('why-close').addEventListener('click', () => {
    byId('why').hidden = true;
  });
  window.addEventListener('hashchange', () => {
    if (stream === undefined) status('connect to open the canary the link names', 'info');
    else void openLinkedCanary();
  });
  setInterval(tickCountdowns, 1000);
  document.body.dataset.ready = 'true';
  void connect();
}

start();
