/**
 * `search` and `fetch`: the ChatGPT connector contract over the repository's text documents
 * (`LUKHAS_REPO_ROOT`). Read-only, never outside the root (see `@lukhas/documents`).
 */
import type { McpServer } from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { mcpSchema } from './mcp-schema.ts';
import { MAX_TEXT_LENGTH, toolArguments } from './tool-arguments.ts';
import type { McpToolContext } from './tool-context.ts';
import { toolErrorResult } from './tool-error.ts';
import { jsonToolResult } from './tool-result.ts';

const MAX_DOCUMENT_ID_LENGTH = 1024;
const MAX_SEARCH_LIMIT = 50;

const SearchInput = mcpSchema(
  toolArguments({
    query: v.pipe(
      v.string('expected query to be a string of words to look for'),
      v.maxLength(MAX_TEXT_LENGTH, `expected query to be at most ${MAX_TEXT_LENGTH} characters`),
      v.description('words to look for, e.g. "canary rollback"; plain text, no query syntax'),
    ),
    limit: v.optional(
      v.pipe(
        v.number(`expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
        v.integer(`expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
        v.minValue(1, `expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
        v.maxValue(MAX_SEARCH_LIMIT, `expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
        v.description(`most results to return (default 10, at most ${MAX_SEARCH_LIMIT})`),
      ),
    ),
  }),
);

const SearchOutput = mcpSchema(
  v.object({
    results: v.array(
      v.object({
        id: v.pipe(v.string(), v.description('pass it to fetch')),
        title: v.string(),
        url: v.string(),
        snippet: v.optional(v.string()),
      }),
    ),
  }),
);

const FetchInput = mcpSchema(
  toolArguments({
    id: v.pipe(
      v.string('expected id to be a document id from search, e.g. "docs/mcp/README.md"'),
      v.maxLength(MAX_DOCUMENT_ID_LENGTH, `expected id to be at most ${MAX_DOCUMENT_ID_LENGTH} characters`),
      v.description('a document id from search: its path relative to the repository root'),
    ),
  }),
);

const FetchOutput = mcpSchema(
  v.object({
    id: v.string(),
    title: v.string(),
    text: v.pipe(v.string(), v.description('the whole document')),
    url: v.string(),
    metadata: v.object({
      path: v.string(),
      bytes: v.number(),
      modifiedAt: v.string(),
      sha256: v.string(),
    }),
  }),
);

/** Registers `search` then `fetch` (the connector contract wants them first in `tools/list`). */
export function registerDocumentTools(server: McpServer, context: McpToolContext): void {
  const { documents } = context.cockpit;
  const report = context.report;

  server.registerTool(
    'search',
    {
      title: 'Search repository documents',
      description:
        'Full-text search over the text documents of the repository this cockpit serves (markdown, code, ' +
        'config). Returns up to `limit` hits, best first, each with an id to pass to `fetch`, a title, a url ' +
        'and a snippet. Plain words only: quotes, `*` or `AND` are searched as text.',
      inputSchema: SearchInput,
      outputSchema: SearchOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ query, limit }) => {
      try {
        const found = await documents.search(query, limit === undefined ? {} : { limit });
        return jsonToolResult({ results: found.results });
      } catch (error) {
        return toolErrorResult(error, { tool: 'search', report });
      }
    },
  );

  server.registerTool(
    'fetch',
    {
      title: 'Fetch a repository document',
      description:
        'The full text of one document found by `search`, by its id (the path relative to the repository ' +
        'root, e.g. "docs/mcp/README.md"), with its title, url and metadata (bytes, modification time, ' +
        'sha256). Read-only; ids outside the root, ignored files and binaries are refused with the reason; ' +
        'secret-looking files (.env, keys, credentials, the task file) are never served.',
      inputSchema: FetchInput,
      outputSchema: FetchOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      try {
        return jsonToolResult({ ...(await documents.fetch(id)) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'fetch', report });
      }
    },
  );
}
