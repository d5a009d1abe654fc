// @ts-check
/**
 * The key prompt: shown only when the server answers 401 (a server with no keys never asks).
 */
import { loadApiKey } from './api-key.js';
import { status } from './status-line.js';

/** True for the client's answer to a missing or wrong key (HTTP 401). @param {unknown} error */
export function isUnauthorized(error) {
  if (typeof error !== 'object' || error === null) return false;
  const { code, status: httpStatus } = /** @type {{ code?: unknown, status?: unknown }} */ (error);
  return code === 'UNAUTHORIZED' || httpStatus === 401;
}

/**
 * The server wants a key this tab does not have (or has wrong): the key field asks for it. Only a
 * 401 brings this up; a server with no keys configured never shows it.
 * @param {string} reason
 */
export function askForKey(reason) {
  document.body.dataset.auth = 'needs-key';
  const hadKey = loadApiKey() !== '';
  status(
    hadKey
      ? `The server refused this tab's API key (${reason}): enter the right one.`
      : 'This server asks for an API key: enter it above (kept in this tab only).',
    'error',
  );
  const input = document.querySelector('#key-form input[name=apiKey]');
  if (input instanceof HTMLInputElement) input.focus();
}
