/** `apply_patch`: applies a unified diff to one text file of the repository, all hunks or none. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { fileOperationsOf } from './file-operations-of.ts';

/** The `apply_patch` tool (LUKHAS_FILE_OPS=1 only; needs the operate scope). */
export const applyPatchTool = defineTool({
  name: 'apply_patch',
  title: 'Patch a repository file',
  description:
    'Applies a unified diff (diff -u / git diff of this one file: "@@ -3,4 +3,4 @@" hunks with " ", "-", "+" ' +
    'lines) to an existing text file under the repository root. Every hunk must match exactly where its header ' +
    'says; otherwise nothing changes and the answer names the hunk and the line (PATCH_FAILED). Give ' +
    'expectedSha256 (from read_file) so a file changed since is refused (FILE_CHANGED). Atomic and audited like ' +
    'write_file.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'operate',
  handler: async (input, context) =>
    jsonToolResult({ ...(await fileOperationsOf(context).patch({ ...input, operator: context.operator })) }),
});
