// @ts-check
/**
 * The colour-coded event log, newest on top, with its filter: one event type (or all) and a topic
 * text (`canary/`, `job/job_7f3a`, any part of a topic). Lines that do not match stay in the log,
 * hidden, so clearing the filter shows them again.
 */
import { byId, clock, element } from './dom.js';
import { eventColour } from './event-colour.js';

const MAX_LOG_LINES = 500;

/** The event types the stream sends, in lifecycle order, for the type filter. */
export const EVENT_TYPES = [
  'queued',
  'running',
  'progress',
  'completed',
  'failed',
  'cancelled',
  'started',
  'metric',
  'step',
  'paused',
  'resumed',
  'promoted',
  'rolled_back',
];

/**
 * True when a line of `type` on `topic` passes the filter.
 * @param {{ type: string, topic: string }} filter '' for any
 * @param {string} type @param {string} topic
 */
export function matchesLogFilter(filter, type, topic) {
  if (filter.type !== '' && filter.type !== type) return false;
  const needle = filter.topic.trim().toLowerCase();
  return needle === '' || topic.toLowerCase().includes(needle);
}

/**
 * The log of the page (`#event-log`) and its filter form (`#log-filter`).
 * @example const log = createEventLog(); live.on('*', (event) => log.add(event));
 */
export function createEventLog() {
  const list = byId('event-log');
  const form = /** @type {HTMLFormElement} */ (byId('log-filter'));
  const typeSelect = /** @type {HTMLSelectElement} */ (form.elements.namedItem('type'));
  const topicInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('topic'));
  typeSelect.replaceChildren(
    element('option', { value: '' }, 'all types'),
    ...EVENT_TYPES.map((type) => element('option', { value: type }, type)),
  );
  const filter = () => ({ type: typeSelect.value, topic: topicInput.value });
  const count = byId('log-count');

  const apply = () => {
    const current = filter();
    let shown = 0;
    for (const line of list.children) {
      if (!(line instanceof HTMLElement)) continue;
      line.hidden = !matchesLogFilter(current, line.dataset.type ?? '', line.dataset.topic ?? '');
      if (!line.hidden) shown += 1;
    }
    const filtered = current.type !== '' || current.topic.trim() !== '';
    count.textContent = filtered ? `${shown} of ${list.childElementCount} shown` : '';
  };
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);

  return {
    /** Adds one event on top. @param {import('../../vendor/mcp-cockpit-client.js').CockpitEvent} event */
    add(event) {
      const line = element(
        'li',
        {
          class: `event ${eventColour(event.type, event.data)}`,
          'data-type': event.type,
          'data-topic': event.topic,
        },
        element('time', {}, clock(event.ts)),
        element('span', { class: 'event-type' }, event.type),
        element('span', { class: 'event-narrative' }, event.narrative || event.topic),
      );
      line.hidden = !matchesLogFilter(filter(), event.type, event.topic);
      list.prepend(line);
      while (list.childElementCount > MAX_LOG_LINES) list.lastElementChild?.remove();
      if (typeSelect.value !== '' || topicInput.value.trim() !== '') apply();
    },
  };
}
