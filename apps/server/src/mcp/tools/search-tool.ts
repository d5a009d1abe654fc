/** `search`: full-text search over the repository's documents (the connector contract wants it first). */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';

/** The `search` tool. */
export const searchTool = defineTool({
  name: 'search',
  title: 'Search repository documents',
  description:
    'Full-text search over the text documents of the repository this cockpit serves (markdown, code, ' +
    'config). Returns up to `limit` hits, best first, each with an id to pass to `fetch`, a title, a url ' +
    'and a snippet. Plain words only: quotes, `*` or `AND` are searched as text.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ query, limit }, { cockpit }) => {
    const found = await cockpit.documents.search(query, limit === undefined ? {} : { limit });
    return jsonToolResult({ results: found.results });
  },
});
