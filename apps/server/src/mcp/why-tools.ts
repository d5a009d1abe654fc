/**
 * `why` (the narrative audit trail of any id) and `why_math` (the numbers behind a canary decision).
 *
 * `why` is the one tool whose text is not JSON: the SPEC says "as text" and the seeds print
 * `jq -r '.result.content[0].text'` expecting the lines, so `content[0].text` is the narrative lines
 * joined by newlines, while `structuredContent` is `{id, lines}`.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { mcpSchema } from './mcp-schema.ts';
import { DecisionMathSchema, PolicySchema } from './record-schemas.ts';
import { idArgument, toolArguments } from './tool-arguments.ts';
import type { McpToolContext } from './tool-context.ts';
import { toolErrorResult } from './tool-error.ts';
import { jsonToolResult, textToolResult, toolFailure } from './tool-result.ts';
import { whyMath } from './why-math.ts';

const WhyInput = mcpSchema(
  toolArguments({
    id: idArgument('id', 'canary_7fh2m9qz0c4d', 'a job id, a canary id or a model id'),
  }),
);

const WhyOutput = mcpSchema(
  v.object({
    id: v.string(),
    lines: v.pipe(
      v.array(v.string()),
      v.description('"[YYYY-MM-DD HH:MM] subject → what", UTC, oldest first'),
    ),
  }),
);

const WhyMathInput = mcpSchema(
  toolArguments({
    id: idArgument('id', 'canary_7fh2m9qz0c4d', 'a canary id, or a model id for its latest canary'),
  }),
);

const WhyMathOutput = mcpSchema(
  v.object({
    id: v.string(),
    canaryId: v.string(),
    modelId: v.string(),
    fromGate: v.string(),
    toGate: v.string(),
    status: v.string(),
    decided: v.pipe(
      v.boolean(),
      v.description('false while running: the math is the rule over the samples so far'),
    ),
    thresholds: v.pipe(
      PolicySchema.entries.targets,
      v.description('the upper bound of each targeted metric'),
    ),
    ...DecisionMathSchema.entries,
  }),
);

/** Registers `why` then `why_math`. */
export function registerWhyTools(server: McpServer, context: McpToolContext): void {
  const { store } = context.cockpit;
  const { report, now } = context;

  server.registerTool(
    'why',
    {
      title: 'Why: the narrative audit trail',
      description:
        'Everything that happened to a job, a canary or a model, as human-readable lines, oldest first: ' +
        '"[2025-10-03 14:25] canary lukhas-agi-v3 → stage to production (SLO monitoring)". The text is the ' +
        'lines, one per line (not JSON); structuredContent is {id, lines}. For the numbers behind a canary ' +
        'decision use why_math.',
      inputSchema: WhyInput,
      outputSchema: WhyOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      try {
        const lines = (await store.narrativeFor(id)).map((entry) => entry.line);
        if (lines.length === 0) {
          return toolFailure(
            `nothing recorded for ${JSON.stringify(id)}: why takes a job id (job_…), a canary id (canary_…) or a model id; list_jobs and list_canaries show them [NOT_FOUND]`,
          );
        }
        return textToolResult(lines.join('\n'), { id, lines });
      } catch (error) {
        return toolErrorResult(error, { tool: 'why', report });
      }
    },
  );

  server.registerTool(
    'why_math',
    {
      title: 'Why (math): the numbers behind a canary decision',
      description:
        'For a canary (or a model id: its latest canary): the policy thresholds, every observed sample with ' +
        'its breaches, the counts, which rule decided (breach_limit, window_elapsed, insufficient_data, ' +
        'abort), the outcome, the time from the first breach to the action, and a one-line explanation. ' +
        'While the canary runs, the rule applied to the samples so far. Jobs have no math: use why.',
      inputSchema: WhyMathInput,
      outputSchema: WhyMathOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      try {
        const answer = await whyMath(id, { store, now });
        return answer.found ? jsonToolResult({ ...answer.math }) : toolFailure(answer.message);
      } catch (error) {
        return toolErrorResult(error, { tool: 'why_math', report });
      }
    },
  );
}
