/** `promote_canary`: the human gate. Resumes a canary paused at a `pause: {}` step, or promotes it at once. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { canaryView } from './canary-view.ts';

/** The `promote_canary` tool. */
export const promoteCanaryTool = defineTool({
  name: 'promote_canary',
  title: 'Promote a paused canary',
  description:
    'Resumes a canary that waits at a pause without seconds (status paused): it moves on to its next ' +
    'step. With full: true it skips every remaining step and promotes at once. Recorded in the audit ' +
    'trail with the operator. A canary that is not paused, or already decided, is refused.',
  // Promoting twice is refused, never applied twice; a resume moves traffic forward, it removes nothing.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  scope: 'operate',
  handler: async ({ canaryId, full }, { cockpit, operator }) => {
    const canary = await cockpit.canaries.promote(canaryId, { operator, full: full ?? false });
    return jsonToolResult({ ...canaryView(canary) });
  },
});
