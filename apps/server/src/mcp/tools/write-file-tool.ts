/** `write_file`: creates or replaces one text file of the repository, atomically and audited. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { fileOperationsOf } from './file-operations-of.ts';

/** The `write_file` tool (LUKHAS_FILE_OPS=1 only; needs the operate scope). */
export const writeFileTool = defineTool({
  name: 'write_file',
  title: 'Write a repository file',
  description:
    'Creates or replaces one text file under the repository root with `content` (folders are made as needed). ' +
    'Give expectedSha256 (from read_file) when replacing: if the file changed since, nothing is written and the ' +
    'answer is FILE_CHANGED with the current hash. The write is atomic and audited (who, before/after hashes, ' +
    'the diff; why {id: path} tells the story); paths outside the root, through symlinks, into .git, secret-' +
    'looking or not allowed by LUKHAS_FILE_OPS_ALLOW are refused. Prefer apply_patch for small edits.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'operate',
  handler: async (input, context) =>
    jsonToolResult({ ...(await fileOperationsOf(context).write({ ...input, operator: context.operator })) }),
});
