/**
 * The `start_canary` input: `tools/list` documents every policy spelling the seeds use; a call is
 * validated by core's `safeParseCanaryRequest`, the single source of truth, whose issues name each
 * path and what was expected (`policy.targets.max_error_rate: expected a fraction from 0 to 1, …`).
 */
import { type CanaryRequest, type PolicyBounds, safeParseCanaryRequest } from '@lukhas/core';
import * as v from 'valibot';
import { parsedBy } from './mcp-schema.ts';

const gate = (description: string) => v.pipe(v.string(), v.description(description));

const knobs = {
  windowSeconds: v.optional(
    v.pipe(
      v.number(),
      v.description(
        'length of the SLO window in seconds (default 300, at most 604800 = 7 days); fractions allowed',
      ),
    ),
  ),
  intervalSeconds: v.optional(
    v.pipe(
      v.number(),
      v.description(
        'seconds between samples (default 30, at most the window, at least the minimum interval: 1 s unless the operator set LUKHAS_MIN_INTERVAL_MS; at most 10,000 samples per canary)',
      ),
    ),
  ),
  failureLimit: v.optional(
    v.pipe(v.number(), v.description('breaching samples tolerated; one more rolls back at once (default 0)')),
  ),
  minSamples: v.optional(
    v.pipe(v.number(), v.description('real (non-fallback) samples needed to promote (default 3)')),
  ),
};

const targetEntries = {
  latency_p95_ms: v.optional(v.pipe(v.number(), v.description('p95 latency upper bound, milliseconds'))),
  max_error_rate: v.optional(v.pipe(v.number(), v.description('error rate upper bound, 0..1'))),
  error_rate: v.optional(v.pipe(v.number(), v.description('alias of max_error_rate'))),
  max_drift: v.optional(v.pipe(v.number(), v.description('drift upper bound, 0..1'))),
};

const targets = v.optional(
  v.pipe(
    v.object(targetEntries),
    v.description('upper bounds a sample must not exceed; at least one of them'),
  ),
);

const policyObject = (description: string) =>
  v.optional(v.pipe(v.object({ ...knobs, targets, ...targetEntries }), v.description(description)));

/** What `tools/list` shows for `start_canary`: every accepted spelling, documented. */
const CanaryArgumentsDocumentation = v.object({
  modelId: v.pipe(v.string(), v.description('the model to promote, e.g. "lukhas-v2"')),
  fromGate: gate('the gate it is promoted from, e.g. "stage"'),
  toGate: gate('the gate it is promoted to, e.g. "production"; the SLO monitor samples this gate'),
  ...knobs,
  targets,
  policy: policyObject(
    'the policy as one object: {windowSeconds, intervalSeconds, failureLimit, minSamples, targets:{…}}',
  ),
  sloPolicy: policyObject("the seeds' flat form: {latency_p95_ms, error_rate} (knobs allowed too)"),
  webhooks: v.optional(
    v.pipe(
      v.object({
        onPromote: v.optional(v.pipe(v.string(), v.description('POSTed after a promotion'))),
        onRollback: v.optional(v.pipe(v.string(), v.description('POSTed after a rollback'))),
        confirmPromotion: v.optional(
          v.pipe(v.string(), v.description('must answer 2xx before a promotion is recorded')),
        ),
      }),
      v.description('http(s) URLs the cockpit calls to move real traffic'),
    ),
  ),
});

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
    input = parsedBy<CanaryRequest>(CanaryArgumentsDocumentation, (args) => {
      const parsed = safeParseCanaryRequest(args, { bounds });
      return parsed.success ? { value: parsed.request } : { issues: parsed.issues };
    });
    inputs.set(key, input);
  }
  return input;
}

/** The `start_canary` input schema under core's default bounds. */
export const CanaryRequestInput = canaryRequestInput();
