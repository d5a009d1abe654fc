/**
 * `fetch`: one document of the repository by its id, read-only and never outside the root (see the
 * documents index the cockpit was opened with).
 */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';

/** The `fetch` tool. */
export const fetchTool = defineTool({
  name: 'fetch',
  title: 'Fetch a repository document',
  description:
    'The full text of one document found by `search`, by its id (the path relative to the repository ' +
    'root, e.g. "docs/mcp/README.md"), with its title, url and metadata (bytes, modification time, ' +
    'sha256). Read-only; ids outside the root, ignored files and binaries are refused with the reason; ' +
    'secret-looking files (.env, keys, credentials, the task file) are never served.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ id }, { cockpit }) => jsonToolResult({ ...(await cockpit.documents.fetch(id)) }),
});
