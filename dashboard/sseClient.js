// The seeds' `dashboard/sseClient.js`: the cockpit's client SDK (`@lukhas/mcp-cockpit-client`) as
// one ES module, for a page or a Node script that imports it by path:
//   import { LukhasMCPCockpit } from './dashboard/sseClient.js';
// It re-exports the SDK's browser build kept in scripts/vendor (the same bytes as the package's
// dist/mcp-cockpit-client.js; a test keeps them equal), so it works without a build step.
export * from '../scripts/vendor/mcp-cockpit-client.mjs';
