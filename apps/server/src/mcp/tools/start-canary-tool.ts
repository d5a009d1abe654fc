/**
 * `start_canary`: starts an SLO-guarded promotion. Its arguments are validated by core's canary
 * request parser under the cockpit's policy bounds (`canaryRequestInput`).
 */
import type { CanaryRequest } from '@lukhas/core';
import { canaryRequestInput } from '../canary-request-schema.ts';
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';
import { canaryView } from './canary-view.ts';

/** The `start_canary` tool. */
export const startCanaryTool = defineTool<'start_canary', CanaryRequest>({
  name: 'start_canary',
  title: 'Start a canary promotion',
  description:
    'Starts promoting a model from one gate to another, guarded by SLO targets: every intervalSeconds ' +
    'the SLO monitor samples the toGate (p95 latency ms, error rate 0..1, drift 0..1). A sample above ' +
    'any target breaches; more than failureLimit breaches rolls back at once; when windowSeconds have ' +
    'passed with at least minSamples real samples it promotes, otherwise it rolls back. Give the policy ' +
    'in ONE spelling: top-level windowSeconds/intervalSeconds/failureLimit/minSamples/targets, or ' +
    'policy:{…}, or sloPolicy:{latency_p95_ms, error_rate}. Returns the canary (status "running"); ' +
    'follow it with get_canary, why or why_math. One running canary per model.',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  scope: 'operate',
  inputSchema: ({ cockpit }) => canaryRequestInput(cockpit.policyBounds),
  handler: async (request, { cockpit, operator }) =>
    jsonToolResult({ ...canaryView(await cockpit.canaries.start(request, operator)) }),
});
