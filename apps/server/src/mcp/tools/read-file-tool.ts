/** `read_file`: one text file of the repository (or some of its lines) and its sha256. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { fileOperationsOf } from './file-operations-of.ts';

/** The `read_file` tool (LUKHAS_FILE_OPS=1 only). */
export const readFileTool = defineTool({
  name: 'read_file',
  title: 'Read a repository file',
  description:
    'The text of one file under the repository root (or lines startLine..endLine, 1-based, inclusive) and the ' +
    "whole file's sha256: pass it as expectedSha256 to write_file or apply_patch so a change never overwrites " +
    "someone else's. Paths outside the root, through symlinks, ignored, secret-looking, binary or too large " +
    'files are refused with the reason. Read-only.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async (input, context) => jsonToolResult({ ...(await fileOperationsOf(context).read(input)) }),
});
