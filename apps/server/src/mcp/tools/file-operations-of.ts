/**
 * The file operations of the cockpit a file tool runs in. The tools are registered only when they
 * are on (LUKHAS_FILE_OPS=1), so this throws only when a cockpit was composed by hand without them.
 */
import type { FileOperations } from '@lukhas/file-ops';
import type { McpToolContext } from '../tool-context.ts';

/** The file operations, or an internal error when a file tool was registered without them. */
export function fileOperationsOf(context: McpToolContext): FileOperations {
  const files = context.cockpit.files;
  if (files === undefined) throw new Error('a file tool was registered on a cockpit without file operations');
  return files;
}
