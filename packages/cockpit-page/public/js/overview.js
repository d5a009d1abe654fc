// @ts-check
/**
 * The overview strip at the top of the cockpit: one tile per model with the gate it holds now, the
 * canary running for it (with its status and traffic weight), and the last decision. Fed by the
 * canary records (`list_canaries`, `get_canary`) and the canary events, in any order: a record or
 * event only ever adds to what is known of a canary.
 *
 * The gate a model holds is read from its canaries (the tools have no model listing): the `toGate`
 * of its newest promoted canary, else the `fromGate` of its oldest canary (where it started).
 */
import { formatDuration } from './chart-scale.js';
import { element } from './dom.js';
import { eventColour } from './event-colour.js';

const DECIDED = new Set(['promoted', 'rolled_back']);

/**
 * @typedef {object} KnownCanary
 * @property {string} canaryId
 * @property {string} modelId
 * @property {string} [fromGate]
 * @property {string} [toGate]
 * @property {string} [status]
 * @property {string} [createdAt]
 * @property {string | null} [decidedAt]
 * @property {{ outcome: string, rule: string } | null} [decision]
 * @property {number} [weight]
 */

/** Newest first by creation time, then by id (ids are time-ordered). @param {KnownCanary} a @param {KnownCanary} b */
function newestFirst(a, b) {
  return (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.canaryId.localeCompare(a.canaryId);
}

/**
 * What a model's tile shows, from what is known of its canaries.
 * @param {readonly KnownCanary[]} canaries the model's canaries, any order
 */
export function modelSummary(canaries) {
  const sorted = [...canaries].sort(newestFirst);
  const running = sorted.find((canary) => canary.status !== undefined && !DECIDED.has(canary.status));
  const decided = sorted
    .filter((canary) => canary.status !== undefined && DECIDED.has(canary.status))
    .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
  const promoted = sorted.find((canary) => canary.status === 'promoted');
  const gate = promoted?.toGate ?? sorted.at(-1)?.fromGate;
  return { gate, running, last: decided[0] };
}

/**
 * The overview strip.
 *
 * @example const overview = createOverview(byId('overview'), { onModel: (id) => history.show(id) });
 * @param {HTMLElement} container
 * @param {{ onModel(modelId: string): void, onCanary(canaryId: string): void }} actions
 */
export function createOverview(container, actions) {
  /** @type {Map<string, KnownCanary>} */
  const canaries = new Map();
  const tiles = element('div', { class: 'overview-tiles' });
  const empty = element('p', { class: 'muted overview-empty' }, 'No model has had a canary yet.');
  container.replaceChildren(tiles, empty);

  const render = () => {
    /** @type {Map<string, KnownCanary[]>} */
    const byModel = new Map();
    for (const canary of canaries.values()) {
      byModel.set(canary.modelId, [...(byModel.get(canary.modelId) ?? []), canary]);
    }
    const models = [...byModel.keys()].sort();
    empty.hidden = models.length > 0;
    tiles.replaceChildren(
      ...models.map((modelId) => tile(modelId, modelSummary(byModel.get(modelId) ?? []))),
    );
  };

  /** @param {string} modelId @param {ReturnType<typeof modelSummary>} summary */
  const tile = (modelId, { gate, running, last }) => {
    const node = element(
      'article',
      { class: 'model-tile', 'data-model-id': modelId, 'data-gate': gate ?? '' },
      element(
        'header',
        {},
        element('h3', {}, modelId),
        element('span', { class: 'gate', title: 'the gate this model holds now' }, gate ?? '?'),
      ),
    );
    const runningLine = element('p', { class: 'model-running' });
    if (running === undefined) {
      runningLine.append(element('span', { class: 'muted' }, 'no canary running'));
    } else {
      node.dataset.running = running.canaryId;
      const link = element(
        'a',
        { href: `#canary=${encodeURIComponent(running.canaryId)}`, class: 'mono' },
        running.canaryId,
      );
      const weight = running.weight === undefined ? '' : ` · ${running.weight}%`;
      runningLine.append(
        element(
          'span',
          { class: `badge ${eventColour(running.status ?? 'running')}` },
          running.status ?? 'running',
        ),
        ' ',
        `${running.fromGate ?? '?'} → ${running.toGate ?? '?'}${weight} `,
        link,
      );
      link.addEventListener('click', () => actions.onCanary(running.canaryId));
    }
    const lastLine = element('p', { class: 'model-last' });
    if (last === undefined) {
      lastLine.append(element('span', { class: 'muted' }, 'no decision yet'));
    } else {
      node.dataset.lastStatus = String(last.status);
      const ago = last.decidedAt ? ` ${formatDuration(Date.now() - Date.parse(last.decidedAt))} ago` : '';
      lastLine.append(
        'last: ',
        element('span', { class: `badge ${eventColour(String(last.status))}` }, String(last.status)),
        `${last.decision?.rule ? ` (${last.decision.rule})` : ''}${ago}`,
      );
    }
    const history = element('button', { type: 'button', class: 'model-history' }, 'History');
    history.addEventListener('click', () => actions.onModel(modelId));
    node.append(runningLine, lastLine, history);
    return node;
  };

  return {
    /**
     * Adds what a record or event says of a canary (fields it lacks keep their known value).
     * @param {any} canary a canary record or a canary event's data
     * @param {string} [eventType] the event's type, which is the status for lifecycle events
     */
    update(canary, eventType) {
      const canaryId = String(canary?.canaryId ?? '');
      const known = canaries.get(canaryId);
      const modelId = canary?.modelId ?? known?.modelId;
      if (canaryId === '' || modelId === undefined) return;
      /** @type {KnownCanary} */
      const next = { ...known, canaryId, modelId };
      for (const key of /** @type {const} */ (['fromGate', 'toGate', 'createdAt', 'decidedAt', 'decision'])) {
        if (canary[key] !== undefined && canary[key] !== null) next[key] = canary[key];
      }
      const status =
        canary.status ??
        (eventType && ['paused', 'resumed', 'promoted', 'rolled_back'].includes(eventType)
          ? eventType === 'resumed'
            ? 'running'
            : eventType
          : undefined);
      // A decided canary stays decided whatever an older answer says.
      if (status !== undefined && !(known?.status !== undefined && DECIDED.has(known.status)))
        next.status = status;
      const weight = canary.traffic?.weight ?? canary.weight;
      if (typeof weight === 'number') next.weight = weight;
      if (next.createdAt === undefined && canary.startedAt !== undefined) next.createdAt = canary.startedAt;
      if (DECIDED.has(next.status ?? '') && next.decidedAt === undefined)
        next.decidedAt = new Date().toISOString();
      canaries.set(canaryId, next);
      render();
    },
  };
}
