/** `list_files`: the text files of the repository a client may read, with their hashes. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { fileOperationsOf } from './file-operations-of.ts';

/** The `list_files` tool (LUKHAS_FILE_OPS=1 only). */
export const listFilesTool = defineTool({
  name: 'list_files',
  title: 'List repository files',
  description:
    'The files under a folder of the repository root (default: the root), in path order, each with its size, ' +
    'sha256 and modification time; optionally only those matching a glob ("configs/**", "*.json"). Files that ' +
    '.gitignore excludes, anything under .git, secret-looking files (.env, keys, credentials) and symlinks are ' +
    'left out. Read-only.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async (input, context) => jsonToolResult({ ...(await fileOperationsOf(context).list(input)) }),
});
