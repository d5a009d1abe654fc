/** `get_canary`: one canary with its policy, decision and every sample so far. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult, toolFailure } from '../tool-result.ts';
import { canaryView, sampleView, unknownCanary } from './canary-view.ts';

/** The `get_canary` tool. */
export const getCanaryTool = defineTool({
  name: 'get_canary',
  title: 'Get a canary',
  description:
    'One canary: status (running, promoted, rolled_back), its policy, window, decision (rule and ' +
    'reason) once decided, and every SLO sample taken so far with its observed values and breaches ' +
    '(and, with a baseline in the policy, the baseline gate read beside it).',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ canaryId }, { cockpit: { store } }) => {
    const canary = await store.getCanary(canaryId);
    if (canary === undefined) return toolFailure(unknownCanary(canaryId));
    const samples = await store.samplesOf(canaryId);
    return jsonToolResult({ ...canaryView(canary), samples: samples.map(sampleView) });
  },
});
