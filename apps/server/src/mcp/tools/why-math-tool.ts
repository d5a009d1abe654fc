/** `why_math`: the numbers behind a canary decision (or the rule over the samples so far). */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult, toolFailure } from '../tool-result.ts';
import { whyMath } from '../why-math.ts';

/** The `why_math` tool. */
export const whyMathTool = defineTool({
  name: 'why_math',
  title: 'Why (math): the numbers behind a canary decision',
  description:
    'For a canary (or a model id: its latest canary): the policy thresholds, every observed sample with ' +
    'its breaches, the counts, which rule decided (breach_limit, window_elapsed, insufficient_data, ' +
    'abort), the outcome, the time from the first breach to the action, and a one-line explanation. ' +
    'While the canary runs, the rule applied to the samples so far. Jobs have no math: use why.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  handler: async ({ id }, { cockpit, now }) => {
    const answer = await whyMath(id, { store: cockpit.store, now });
    return answer.found ? jsonToolResult({ ...answer.math }) : toolFailure(answer.message);
  },
});
