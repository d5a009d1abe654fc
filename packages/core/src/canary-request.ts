/**
 * The `start_canary` tool arguments, with the policy in any of the three spellings the seeds use.
 */
import * as v from 'valibot';
import { DomainError, type ValidationIssue } from './errors.ts';
import { type PolicyBounds, resolvePolicyBounds } from './policy-bounds.ts';
import type { CanaryWebhooks } from './records.ts';
import {
  knobEntries,
  type PolicyParseOptions,
  resolveSloPolicy,
  type SloPolicy,
  type SloPolicyInput,
  SloPolicyInputSchema,
  TargetsInputSchema,
} from './slo-policy.ts';
import { closedObject, describeIssues, expecting, isRecord, toValidationIssues } from './validation.ts';

/** A validated request to canary `modelId` from `fromGate` to `toGate`. */
export interface CanaryRequest {
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly policy: SloPolicy;
  /** Null when no webhook URL was given. */
  readonly webhooks: CanaryWebhooks | null;
}

/** The result of {@link safeParseCanaryRequest}. */
export type CanaryRequestParseResult =
  | { readonly success: true; readonly request: CanaryRequest }
  | { readonly success: false; readonly issues: readonly ValidationIssue[] };

const MAX_NAME_LENGTH = 200;

// Names end up in narrative lines, SQL rows and SSE topics: no control characters, bounded length.
const name = (description: string) =>
  v.pipe(
    v.string(expecting('a string')),
    v.trim(),
    v.nonEmpty('expected a non-empty string'),
    v.maxLength(MAX_NAME_LENGTH, expecting(`at most ${MAX_NAME_LENGTH} characters`)),
    v.regex(/^\P{Cc}*$/u, 'expected no control characters'),
    v.description(description),
  );

const httpUrl = (description: string) =>
  v.optional(
    v.pipe(
      v.string(expecting('an http(s) URL')),
      v.trim(),
      v.check(isHttpUrl, expecting('an http(s) URL')),
      v.description(description),
    ),
  );

const WebhooksSchema = closedObject({
  onPromote: httpUrl('POSTed after a promotion'),
  onRollback: httpUrl('POSTed after a rollback'),
  confirmPromotion: httpUrl('must answer 2xx before a promotion is recorded'),
});

const policyObject = (description: string) =>
  v.optional(v.pipe(SloPolicyInputSchema, v.description(description)));

/**
 * The `start_canary` arguments as accepted, every policy spelling documented: the one schema that
 * validates a call (through {@link safeParseCanaryRequest}, which adds the rules across fields) and
 * that `tools/list` shows. Closed objects: unknown keys are refused by name.
 */
export const StartCanaryArgumentsSchema = v.pipe(
  closedObject({
    modelId: name('the model to promote, e.g. "lukhas-v2"'),
    fromGate: name('the gate it is promoted from, e.g. "stage"'),
    toGate: name('the gate it is promoted to, e.g. "production"; the SLO monitor samples this gate'),
    ...knobEntries,
    targets: v.optional(TargetsInputSchema),
    policy: policyObject(
      'the policy as one object: {windowSeconds, intervalSeconds, failureLimit, minSamples, targets:{…}}',
    ),
    sloPolicy: policyObject("the seeds' flat form: {latency_p95_ms, error_rate} (knobs allowed too)"),
    webhooks: v.optional(
      v.pipe(
        v.nullable(WebhooksSchema),
        v.description('http(s) URLs the cockpit calls to move real traffic'),
      ),
    ),
  }),
  v.description(
    "`start_canary` arguments. Give the policy in ONE spelling: top-level fields, `policy`, or the seeds' " +
      '`sloPolicy: {latency_p95_ms, error_rate}`.',
  ),
);

type CanaryArguments = v.InferOutput<typeof StartCanaryArgumentsSchema>;

const TOP_LEVEL_POLICY_KEYS = [...Object.keys(knobEntries), 'targets'] as const;

/**
 * Checks `start_canary` arguments without throwing: `{ success: true, request }` or every issue.
 *
 * @example
 * safeParseCanaryRequest({ modelId: 'lukhas-v2', fromGate: 'stage', toGate: 'production',
 *   sloPolicy: { latency_p95_ms: 800, error_rate: 0.01 } });
 * // { success: true, request: { …, policy: { windowSeconds: 300, …, targets: { latency_p95_ms: 800, max_error_rate: 0.01 } } } }
 */
export function safeParseCanaryRequest(
  args: unknown,
  options: PolicyParseOptions = {},
): CanaryRequestParseResult {
  const bounds = resolvePolicyBounds(options.bounds);
  const spellingIssues = isRecord(args) ? mixedSpellingIssues(args) : [];
  const shape = v.safeParse(StartCanaryArgumentsSchema, args);
  const issues = [...spellingIssues, ...(shape.success ? [] : toValidationIssues(shape.issues))];
  if (!shape.success || issues.length > 0) return { success: false, issues };

  const input = shape.output;
  if (input.fromGate === input.toGate) {
    issues.push({
      path: 'toGate',
      message: `expected a gate other than fromGate, received "${input.toGate}"`,
    });
  }
  const policy = policyOf(input, bounds);
  if (!policy.success) issues.push(...policy.issues);
  if (!policy.success || issues.length > 0) return { success: false, issues };

  const baselineGate = policy.policy.baseline?.gate ?? input.fromGate;
  if (policy.policy.baseline !== undefined && baselineGate === input.toGate) {
    issues.push({
      path: `${policyPathOf(input)}baseline.gate`,
      message: `expected a gate other than toGate (the canary's own gate), received "${baselineGate}"`,
    });
    return { success: false, issues };
  }
  const request: CanaryRequest = {
    modelId: input.modelId,
    fromGate: input.fromGate,
    toGate: input.toGate,
    policy: withBaselineGate(policy.policy, baselineGate),
    webhooks: webhooksOf(input.webhooks),
  };
  return { success: true, request };
}

/**
 * Validated `start_canary` arguments, or a `DomainError` `INVALID_CANARY_REQUEST` listing every issue.
 *
 * @example
 * parseCanaryRequest({ modelId: 'matriz-v3', fromGate: 'stage', toGate: 'production',
 *   windowSeconds: 120, targets: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 } });
 */
export function parseCanaryRequest(args: unknown, options: PolicyParseOptions = {}): CanaryRequest {
  const result = safeParseCanaryRequest(args, options);
  if (result.success) return result.request;
  throw new DomainError(
    'INVALID_CANARY_REQUEST',
    `invalid start_canary arguments: ${describeIssues(result.issues)}`,
    {
      issues: result.issues,
    },
  );
}

// Two spellings at once would make one of them silently lose; refuse rather than guess.
function mixedSpellingIssues(args: Record<string, unknown>): ValidationIssue[] {
  const topLevel = TOP_LEVEL_POLICY_KEYS.filter((key) => args[key] !== undefined);
  const spellings = [
    ...(args.policy !== undefined ? ['policy'] : []),
    ...(args.sloPolicy !== undefined ? ['sloPolicy'] : []),
    ...(topLevel.length > 0 ? [`top-level ${topLevel.join(', ')}`] : []),
  ];
  if (spellings.length < 2) return [];
  return [
    {
      path: '',
      message: `expected the policy in one spelling only (top-level fields, policy or sloPolicy), received ${spellings.join(' and ')}`,
    },
  ];
}

function policyOf(input: CanaryArguments, bounds: PolicyBounds) {
  if (input.policy !== undefined) return resolveSloPolicy(input.policy, 'policy', bounds);
  if (input.sloPolicy !== undefined) return resolveSloPolicy(input.sloPolicy, 'sloPolicy', bounds);
  const topLevel: SloPolicyInput = {
    windowSeconds: input.windowSeconds,
    intervalSeconds: input.intervalSeconds,
    failureLimit: input.failureLimit,
    minSamples: input.minSamples,
    steps: input.steps,
    baseline: input.baseline,
    compare: input.compare,
    judge: input.judge,
    dryRun: input.dryRun,
    targets: input.targets,
  };
  return resolveSloPolicy(topLevel, '', bounds);
}

// Where the policy was written, as an issue path prefix: '', 'policy.' or 'sloPolicy.'.
function policyPathOf(input: CanaryArguments): string {
  if (input.policy !== undefined) return 'policy.';
  if (input.sloPolicy !== undefined) return 'sloPolicy.';
  return '';
}

// The request knows fromGate, the policy alone does not: the stored policy names its baseline gate.
function withBaselineGate(policy: SloPolicy, gate: string): SloPolicy {
  if (policy.baseline === undefined) return policy;
  return { ...policy, baseline: { ...policy.baseline, gate } };
}

function webhooksOf(webhooks: CanaryArguments['webhooks']): CanaryWebhooks | null {
  if (webhooks === undefined || webhooks === null) return null;
  const given = Object.entries(webhooks).filter(([, url]) => url !== undefined);
  return given.length === 0 ? null : Object.fromEntries(given);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
