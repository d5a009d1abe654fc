// @ts-check
/**
 * The status line under the page's header. It may follow one job or canary: that entity's later
 * lifecycle events replace the text, so "started canary_…" never stands after it rolled back.
 */
import { byId } from './dom.js';
import { eventColour } from './event-colour.js';

/**
 * Sets the status line. With `entityId` the line follows that job or canary: its later lifecycle
 * events replace the text (no "started canary_…" left standing after it rolled back).
 * @param {string} text @param {'ok' | 'error' | 'info'} [kind] @param {string} [entityId]
 */
export function status(text, kind = 'info', entityId) {
  const node = byId('status');
  node.textContent = text;
  node.className = `status ${kind}`;
  if (entityId === undefined) delete node.dataset.entityId;
  else node.dataset.entityId = entityId;
}

/** Events that only add a point or a percentage: the status line keeps the lifecycle step. */
export const QUIET_EVENTS = new Set(['metric', 'progress']);

/** Moves the status line on when the entity it follows changed. @param {import('../../vendor/mcp-cockpit-client.js').CockpitEvent} event */
export function followInStatus(event) {
  const node = byId('status');
  const entityId = node.dataset.entityId;
  if (entityId === undefined || QUIET_EVENTS.has(event.type)) return;
  if (event.topic !== `job/${entityId}` && event.topic !== `canary/${entityId}`) return;
  const colour = eventColour(event.type, event.data);
  const what = event.narrative.replace(/^\[[^\]]*\]\s*/, '');
  status(
    `${entityId} ${event.type}: ${what}`,
    colour === 'error' ? 'error' : colour === 'success' ? 'ok' : 'info',
    entityId,
  );
}
