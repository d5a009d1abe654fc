/**
 * The canary tools: `start_canary`, `get_canary`, `list_canaries`, `abort_canary`.
 */

import { redactWebhookUrl } from '@lukhas/canary-engine';
import type { CanaryRecord, CanarySample } from '@lukhas/core';
import { CANARY_LIST_LIMIT } from '@lukhas/persistence';
import type { McpServer } from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { canaryRequestInput } from './canary-request-schema.ts';
import { mcpSchema } from './mcp-schema.ts';
import { CANARY_STATUSES, CanaryRecordSchema, SampleSchema } from './record-schemas.ts';
import { idArgument, limitArgument, textArgument, toolArguments } from './tool-arguments.ts';
import type { McpToolContext } from './tool-context.ts';
import { toolErrorResult } from './tool-error.ts';
import { jsonToolResult, toolFailure } from './tool-result.ts';

const CANARY_ID_EXAMPLE = 'canary_7fh2m9qz0c4d';

const CanaryIdInput = mcpSchema(
  toolArguments({ canaryId: idArgument('canaryId', CANARY_ID_EXAMPLE, 'the canary to read') }),
);

const ListCanariesInput = mcpSchema(
  toolArguments({
    status: v.optional(
      v.pipe(
        v.picklist(CANARY_STATUSES, `expected status to be one of ${CANARY_STATUSES.join(', ')}`),
        v.description('only canaries in this status'),
      ),
    ),
    modelId: v.optional(idArgument('modelId', 'lukhas-v2', 'only canaries of this model')),
    limit: limitArgument({ max: CANARY_LIST_LIMIT.max, fallback: CANARY_LIST_LIMIT.default }),
  }),
);

const AbortCanaryInput = mcpSchema(
  toolArguments({
    canaryId: idArgument('canaryId', CANARY_ID_EXAMPLE, 'the running canary to roll back'),
    reason: textArgument('reason', 'why it is aborted, e.g. "manual override"; recorded in the audit trail'),
  }),
);

const CanaryOutput = mcpSchema(CanaryRecordSchema);
const CanaryWithSamplesOutput = mcpSchema(
  v.object({
    ...CanaryRecordSchema.entries,
    samples: v.pipe(v.array(SampleSchema), v.description('every SLO sample taken so far, in order')),
  }),
);
const CanaryListOutput = mcpSchema(v.object({ canaries: v.array(CanaryRecordSchema) }));

/** Registers `start_canary`, `get_canary`, `list_canaries` and `abort_canary`, in that order. */
export function registerCanaryTools(server: McpServer, context: McpToolContext): void {
  const { canaries, store } = context.cockpit;
  const { operator, report } = context;

  server.registerTool(
    'start_canary',
    {
      title: 'Start a canary promotion',
      description:
        'Starts promoting a model from one gate to another, guarded by SLO targets: every intervalSeconds ' +
        'the SLO monitor samples the toGate (p95 latency ms, error rate 0..1, drift 0..1). A sample above ' +
        'any target breaches; more than failureLimit breaches rolls back at once; when windowSeconds have ' +
        'passed with at least minSamples real samples it promotes, otherwise it rolls back. Give the policy ' +
        'in ONE spelling: top-level windowSeconds/intervalSeconds/failureLimit/minSamples/targets, or ' +
        'policy:{…}, or sloPolicy:{latency_p95_ms, error_rate}. Returns the canary (status "running"); ' +
        'follow it with get_canary, why or why_math. One running canary per model.',
      inputSchema: canaryRequestInput(context.cockpit.policyBounds),
      outputSchema: CanaryOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    async (request) => {
      try {
        return jsonToolResult({ ...canaryView(await canaries.start(request, operator)) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'start_canary', report });
      }
    },
  );

  server.registerTool(
    'get_canary',
    {
      title: 'Get a canary',
      description:
        'One canary: status (running, promoted, rolled_back), its policy, window, decision (rule and ' +
        'reason) once decided, and every SLO sample taken so far with its observed values and breaches.',
      inputSchema: CanaryIdInput,
      outputSchema: CanaryWithSamplesOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ canaryId }) => {
      try {
        const canary = await store.getCanary(canaryId);
        if (canary === undefined) return unknownCanary(canaryId);
        const samples = await store.samplesOf(canaryId);
        return jsonToolResult({ ...canaryView(canary), samples: samples.map(sampleView) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'get_canary', report });
      }
    },
  );

  server.registerTool(
    'list_canaries',
    {
      title: 'List canaries',
      description:
        'Recent canaries, newest first, optionally only one status or one model. The decision math is ' +
        'left out here: get_canary or why_math show it.',
      inputSchema: ListCanariesInput,
      outputSchema: CanaryListOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ status, modelId, limit }) => {
      try {
        const found = await store.listCanaries({
          ...(status === undefined ? {} : { status }),
          ...(modelId === undefined ? {} : { modelId }),
          ...(limit === undefined ? {} : { limit }),
        });
        return jsonToolResult({ canaries: found.map((canary) => withoutMath(canaryView(canary))) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'list_canaries', report });
      }
    },
  );

  server.registerTool(
    'abort_canary',
    {
      title: 'Abort a canary (roll back)',
      description:
        'Rolls a running canary back at once (the model stays on its fromGate), recording the reason and ' +
        'who aborted. A canary that is already promoted or rolled back cannot be aborted.',
      inputSchema: AbortCanaryInput,
      outputSchema: CanaryOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ canaryId, reason }) => {
      try {
        const options = reason === undefined ? { operator } : { operator, reason };
        return jsonToolResult({ ...canaryView(await canaries.abort(canaryId, options)) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'abort_canary', report });
      }
    },
  );
}

/** A sample as the tools show it: its time as ISO, without the canary's own ids. */
export function sampleView(sample: CanarySample) {
  return {
    seq: sample.seq,
    at: new Date(sample.at).toISOString(),
    observed: sample.observed,
    values: sample.values,
    fallback: sample.fallback,
    fallbackReasons: sample.fallbackReasons,
    breaches: sample.breaches,
    breached: sample.breached,
  };
}

/**
 * A canary as every tool shows it: its webhook URLs cut to their origin (`https://hooks.example.com/…`).
 * Tokens live in their paths and queries, and every key holder may read any canary; the stored row
 * keeps the whole URL, which the engine needs to call it.
 */
export function canaryView(canary: CanaryRecord): CanaryRecord {
  if (canary.webhooks === null) return { ...canary };
  const webhooks = Object.fromEntries(
    Object.entries(canary.webhooks).map(([hook, url]) => [hook, redactWebhookUrl(String(url))]),
  );
  return { ...canary, webhooks };
}

function withoutMath(canary: CanaryRecord): Omit<CanaryRecord, 'math'> {
  const { math: _math, ...rest } = canary;
  return rest;
}

function unknownCanary(canaryId: string) {
  return toolFailure(
    `no canary ${JSON.stringify(canaryId)}; list_canaries shows the recent ones [CANARY_NOT_FOUND]`,
  );
}
