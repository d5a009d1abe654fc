// @ts-check
/**
 * The API key of this browser tab: kept in sessionStorage only (gone when the tab closes), sent as
 * the X-API-Key header, never put in a URL.
 */

const STORAGE_KEY = 'lukhas-cockpit.api-key';

/** The key typed into this tab, or '' when none. */
export function loadApiKey() {
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

/** Remembers the key for this tab; an empty key forgets it. @param {string} key */
export function saveApiKey(key) {
  const trimmed = key.trim();
  if (trimmed === '') sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, trimmed);
}

/** The request headers that carry the key, when there is one. @param {string} key */
export function keyHeaders(key) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (key !== '') headers['X-API-Key'] = key;
  return headers;
}
