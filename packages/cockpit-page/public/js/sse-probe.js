// @ts-check
/** The probe page: URL + key + topics, connect, and every raw event colour-coded as it arrives. */
import { EventStream } from '../../vendor/mcp-cockpit-client.js';
import { keyHeaders, loadApiKey, saveApiKey } from './api-key.js';
import { byId, element, field } from './dom.js';
import { eventColour } from './event-colour.js';

/** @type {EventStream | undefined} */
let stream;

/** The lifecycle type and data of a frame's JSON, for its colour. @param {import('../../vendor/mcp-cockpit-client.js').SseMessage} message */
function describe(message) {
  try {
    const payload = JSON.parse(message.data);
    return { type: String(payload.type ?? message.event), data: payload.data ?? {} };
  } catch {
    return { type: message.event, data: {} };
  }
}

function start() {
  const form = /** @type {HTMLFormElement} */ (byId('probe-form'));
  const urlInput = /** @type {HTMLInputElement} */ (byId('probe-url'));
  // Served by the cockpit, the server is this origin; docs/mcp/sse_probe.html, served elsewhere,
  // names the cockpit it loaded this script from.
  urlInput.value = document.body.dataset.server ?? location.origin;
  const state = byId('probe-state');
  const log = byId('probe-log');
  /** @param {'connecting' | 'open' | 'reconnecting' | 'closed'} name @param {string} [detail] */
  const showState = (name, detail) => {
    state.textContent = detail ? `${name}: ${detail}` : name;
    state.dataset.state = name;
    state.className = `status ${name === 'open' ? 'ok' : name === 'closed' && detail ? 'error' : 'info'}`;
  };
  showState('closed');
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
    const query = new URLSearchParams((topics.length > 0 ? topics : ['*']).map((topic) => ['topic', topic]));
    const apiKey = loadApiKey();
    // The SDK's resumable stream, one level below LukhasMCPCockpit: the probe shows frames as sent.
    stream = new EventStream({
      url: () => `${base}/sse?${query}`,
      headers: () => keyHeaders(apiKey),
      fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }),
      onMessage: (message) => {
        const { type, data } = describe(message);
        log.prepend(
          element(
            'li',
            { class: `event ${eventColour(type, data)}`, 'data-type': type },
            element('pre', {}, message.raw),
          ),
        );
        while (log.childElementCount > 500) log.lastElementChild?.remove();
      },
      onOpen: () => showState('open'),
      onReconnecting: (info) => showState('reconnecting', info.error.message),
      onError: (error) => showState('closed', error.message),
    });
    showState('connecting');
    stream.start();
  });
  byId('probe-disconnect').addEventListener('click', () => {
    stream?.close();
    showState('closed');
  });
  document.body.dataset.ready = 'true';
}

start();
