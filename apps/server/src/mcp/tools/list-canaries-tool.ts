/** `list_canaries`: recent canaries, newest first, without their decision math. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { canaryView, withoutMath } from './canary-view.ts';

/** The `list_canaries` tool. */
export const listCanariesTool = defineTool({
  name: 'list_canaries',
  title: 'List canaries',
  description:
    'Recent canaries, newest first, optionally only one status or one model. The decision math is ' +
    'left out here: get_canary or why_math show it.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ status, modelId, limit }, { cockpit }) => {
    const found = await cockpit.store.listCanaries({
      ...(status === undefined ? {} : { status }),
      ...(modelId === undefined ? {} : { modelId }),
      ...(limit === undefined ? {} : { limit }),
    });
    return jsonToolResult({ canaries: found.map((canary) => withoutMath(canaryView(canary))) });
  },
});
