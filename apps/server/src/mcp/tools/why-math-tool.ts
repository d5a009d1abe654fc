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
    'abort, steps_completed, router_failed, baseline_regression), the outcome, the time from the first ' +
    'breach to the action, and a one-line explanation. With a baseline in the policy, each sample ' +
    'carries the baseline reading, and comparisons shows per compared metric both series, the ' +
    'Mann-Whitney U, the one-sided p-values, the Hodges-Lehmann shift with its interval, the allowed ' +
    'increase and the verdict (Pass, High, Low, NoData; dryRun metrics never decide). ' +
    'While the canary runs, the rule applied to the samples so far. Jobs have no math: use why.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ id }, { cockpit, now }) => {
    const answer = await whyMath(id, { store: cockpit.store, now });
    return answer.found ? jsonToolResult({ ...answer.math }) : toolFailure(answer.message);
  },
});
