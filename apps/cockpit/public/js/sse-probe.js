// @ts-check
/** The probe page: URL + key + topics, connect, and every raw event colour-coded as it arrives. */
import { loadApiKey, saveApiKey } from './api-key.js';
import { byId, element, field } from './dom.js';
import { eventColour } from './event-colour.js';
import { openEventStream } from './sse-reader.js';

/** @type {{ close(): void } | undefined} */
let stream;

function start() {
  const form = /** @type {HTMLFormElement} */ (byId('probe-form'));
  const urlInput = /** @type {HTMLInputElement} */ (byId('probe-url'));
  urlInput.value = location.origin;
  const state = byId('probe-state');
  const log = byId('probe-log');
  form.addEventListener('submit', (submitEvent) => {
    submitEvent.preventDefault();
    stream?.close();
    const typedKey = field(form, 'apiKey');
    if (typedKey !== '') saveApiKey(typedKey);
    const apiKeyInput = form.elements.namedItem('apiKey');
    if (apiKeyInput instanceof HTMLInputElement) apiKeyInput.value = '';
    const base = field(form, 'url').replace(/\/+$/, '') || location.origin;
    const topics = field(form, 'topics')
      .split(/[\s,]+/)
      .filter(Boolean);
    stream = openEventStream({
      base,
      topics: topics.length > 0 ? topics : ['*'],
      apiKey: loadApiKey(),
      onEvent: (event) => {
        const colour = eventColour(event.type, event.data);
        log.prepend(
          element('li', { class: `event ${colour}`, 'data-type': event.type }, element('pre', {}, event.raw)),
        );
        while (log.childElementCount > 500) log.lastElementChild?.remove();
      },
      onState: (name, detail) => {
        state.textContent = detail ? `${name}: ${detail}` : name;
        state.dataset.state = name;
        state.className = `status ${name === 'open' ? 'ok' : name === 'closed' && detail ? 'error' : 'info'}`;
      },
    });
  });
  byId('probe-disconnect').addEventListener('click', () => stream?.close());
  document.body.dataset.ready = 'true';
}

start();
