/**
 * The `start_canary` input: `tools/list` shows core's `StartCanaryArgumentsSchema` (every policy
 * spelling the seeds use, described where it is validated); a call is validated by core's
 * `safeParseCanaryRequest`, whose issues name each path and what was expected
 * (`policy.targets.max_error_rate: expected a fraction from 0 to 1, …`).
 */
import {
  type CanaryRequest,
  type PolicyBounds,
  StartCanaryArgumentsSchema,
  safeParseCanaryRequest,
} from '@lukhas/core';
import { parsedBy } from './mcp-schema.ts';

const inputs = new Map<string, ReturnType<typeof parsedBy<CanaryRequest>>>();

/**
 * The `start_canary` input schema for a cockpit's policy bounds (memoised per bounds: the SDK
 * registers the tools again for every request). Give the policy in ONE spelling: top-level knobs
 * and `targets`, `policy: {…}`, or `sloPolicy: {latency_p95_ms, error_rate}`; unknown keys and
 * policies outside the bounds are refused by name.
 *
 * @example server.registerTool('start_canary', { inputSchema: canaryRequestInput(cockpit.policyBounds), … }, (request) => engine.start(request, operator));
 */
export function canaryRequestInput(bounds: Partial<PolicyBounds> = {}) {
  const key = JSON.stringify(bounds);
  let input = inputs.get(key);
  if (input === undefined) {
    input = parsedBy<CanaryRequest>(StartCanaryArgumentsSchema, (args) => {
      const parsed = safeParseCanaryRequest(args, { bounds });
      return parsed.success ? { value: parsed.request } : { issues: parsed.issues };
    });
    inputs.set(key, input);
  }
  return input;
}

/** The `start_canary` input schema under core's default bounds. */
export const CanaryRequestInput = canaryRequestInput();
