// @ts-check
/**
 * The cockpit's link to one canary, `cockpit.html#canary=<canaryId>` (the notifications link
 * there): the id read from a URL fragment, and the fragment of an id.
 */

const PREFIX = '#canary=';

/**
 * The canary id a fragment names, or undefined when it names none.
 *
 * @example canaryIdFromHash('#canary=canary_7f3a') // 'canary_7f3a'
 * @param {string} hash `location.hash`
 * @returns {string | undefined}
 */
export function canaryIdFromHash(hash) {
  if (!hash.startsWith(PREFIX)) return undefined;
  let canaryId;
  try {
    canaryId = decodeURIComponent(hash.slice(PREFIX.length)).trim();
  } catch {
    // A broken %-escape names no canary.
    return undefined;
  }
  return canaryId === '' ? undefined : canaryId;
}

/** The fragment that opens `canaryId`. @param {string} canaryId */
export function canaryHash(canaryId) {
  return `${PREFIX}${encodeURIComponent(canaryId)}`;
}
