/** `list_canaries`: recent canaries, newest first, without their decision math. */

import { CANARY_LIST_LIMIT } from '@lukhas/core';
import { defineTool } from '../define-tool.ts';
import { jsonToolResult, toolFailure } from '../tool-result.ts';
import { canaryView, unknownCanary, withoutMath } from './canary-view.ts';
import { pageOf, pageSize, rowsToRead } from './page-size.ts';

/** The `list_canaries` tool. */
export const listCanariesTool = defineTool({
  name: 'list_canaries',
  title: 'List canaries',
  description:
    'Recent canaries, newest first, optionally only one status or one model; `before` (the `next` ' +
    'of a page) gives the page after it. The decision math is left out here: get_canary or why_math show it.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ status, modelId, limit, before }, { cockpit }) => {
    if (before !== undefined && (await cockpit.store.getCanary(before)) === undefined) {
      return toolFailure(unknownCanary(before));
    }
    const size = pageSize(limit, CANARY_LIST_LIMIT);
    const found = await cockpit.store.listCanaries({
      ...(status === undefined ? {} : { status }),
      ...(modelId === undefined ? {} : { modelId }),
      ...(before === undefined ? {} : { before }),
      limit: rowsToRead(size, CANARY_LIST_LIMIT),
    });
    const { rows, next } = pageOf(found, size, CANARY_LIST_LIMIT, (canary) => canary.canaryId);
    return jsonToolResult({ canaries: rows.map((canary) => withoutMath(canaryView(canary))), next });
  },
});
