// @ts-check
/**
 * The page's side of the one client: the SDK (`@lukhas/mcp-cockpit-client`, served by the server as
 * `/vendor/mcp-cockpit-client.js`) on this origin with this tab's key. Every `/mcp` call and every
 * `/sse` stream of the pages goes through it.
 */
import { CockpitTools, LukhasMCPCockpit } from '../../vendor/mcp-cockpit-client.js';
import { loadApiKey } from './api-key.js';

/** The cockpit's tools with the key typed into this tab. */
export function cockpitTools() {
  return new CockpitTools(location.origin, loadApiKey());
}

/**
 * Calls one MCP tool (`tools/call` on same-origin `/mcp`) and returns its structured result.
 *
 * @example const job = await callTool('run_eval', { taskId: 'lukhas-agi-stress' });
 * @param {string} name
 * @param {Record<string, unknown>} args
 * @returns {Promise<any>}
 */
export function callTool(name, args) {
  return cockpitTools().callTool(name, args);
}

/** A live stream for this origin and key; subscribe to start it. @param {string} apiKey */
export function liveCockpit(apiKey) {
  return new LukhasMCPCockpit(location.origin, apiKey);
}
