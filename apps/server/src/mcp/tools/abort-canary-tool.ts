/** `abort_canary`: an operator's roll back, at once, with the reason in the audit trail. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { canaryView } from './canary-view.ts';

/** The `abort_canary` tool. */
export const abortCanaryTool = defineTool({
  name: 'abort_canary',
  title: 'Abort a canary (roll back)',
  description:
    'Rolls a running canary back at once (the model stays on its fromGate), recording the reason and ' +
    'who aborted. A canary that is already promoted or rolled back cannot be aborted.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  scope: 'operate',
  handler: async ({ canaryId, reason }, { cockpit, operator }) => {
    const options = reason === undefined ? { operator } : { operator, reason };
    return jsonToolResult({ ...canaryView(await cockpit.canaries.abort(canaryId, options)) });
  },
});
