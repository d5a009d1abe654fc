// The types of `/vendor/mcp-cockpit-client.js`, the client SDK's one-file bundle that apps/server
// serves (src/pages.ts). The pages import it as `../../vendor/mcp-cockpit-client.js` from
// `/cockpit/js/`, which this folder mirrors, so `tsc --checkJs` checks them against the SDK's API.
export * from '@lukhas/mcp-cockpit-client';
