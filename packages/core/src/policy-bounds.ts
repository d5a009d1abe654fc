/**
 * The limits every canary policy must keep, so that one policy cannot exhaust the cockpit: a
 * shortest interval (samples per second), a longest window, and a most samples per canary.
 */
import { DomainError, type ValidationIssue } from './errors.ts';
import { maxSampleCount, type SchedulePolicy } from './sample-schedule.ts';
import { joinPath } from './validation.ts';

/** The limits a policy is checked against; the server reads the minimum interval from its environment. */
export interface PolicyBounds {
  /** Shortest time between two samples, in seconds. */
  readonly minIntervalSeconds: number;
  /** Longest window, in seconds. */
  readonly maxWindowSeconds: number;
  /** Most samples one canary may take: `floor(windowSeconds / intervalSeconds)`. */
  readonly maxSamples: number;
}

/**
 * The default limits: one sample a second at most, a window of at most 7 days, and at most 10,000
 * samples per canary (a 300 s window every second is 300; a 7-day window needs an interval of at
 * least 60.48 s). 10,000 samples keep a canary's stored rows, its `why_math` and each decision's
 * sort small, whatever the window.
 */
export const POLICY_BOUNDS: PolicyBounds = {
  minIntervalSeconds: 1,
  maxWindowSeconds: 7 * 24 * 60 * 60,
  maxSamples: 10_000,
};

/**
 * The defaults with `overrides` applied; a `DomainError` `INVALID_POLICY_BOUNDS` when one is not a
 * positive number (a configuration mistake, reported at start-up rather than at the first canary).
 *
 * @example resolvePolicyBounds({ minIntervalSeconds: 0.1 }); // tests with sub-second canaries
 */
export function resolvePolicyBounds(overrides: Partial<PolicyBounds> = {}): PolicyBounds {
  const bounds = { ...POLICY_BOUNDS, ...definedOnly(overrides) };
  for (const [name, value] of Object.entries(bounds)) {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new DomainError(
        'INVALID_POLICY_BOUNDS',
        `policy bound ${name} must be a positive number, got ${value}`,
      );
    }
  }
  if (bounds.minIntervalSeconds > bounds.maxWindowSeconds) {
    throw new DomainError(
      'INVALID_POLICY_BOUNDS',
      `policy bound minIntervalSeconds (${bounds.minIntervalSeconds}) must be at most maxWindowSeconds (${bounds.maxWindowSeconds})`,
    );
  }
  return bounds;
}

/**
 * Where `policy` leaves `bounds`, each issue naming the field (under `at`) and what was expected.
 * Total: a policy read back from storage may hold anything (NaN, a missing knob), and each such
 * value is an issue, never a throw.
 *
 * @example
 * policyBoundsIssues({ windowSeconds: 1e8, intervalSeconds: 1 }, POLICY_BOUNDS);
 * // [{ path: 'windowSeconds', message: 'expected at most 604800 seconds (7 days), received 100000000' }]
 */
export function policyBoundsIssues(
  policy: SchedulePolicy,
  bounds: PolicyBounds = POLICY_BOUNDS,
  at = '',
): ValidationIssue[] {
  const { windowSeconds, intervalSeconds } = policy;
  const issues: ValidationIssue[] = [];
  // Written as negations so that NaN and non-numbers fail too.
  if (!(typeof windowSeconds === 'number' && windowSeconds > 0 && windowSeconds <= bounds.maxWindowSeconds)) {
    issues.push({
      path: joinPath(at, 'windowSeconds'),
      message: `expected at most ${bounds.maxWindowSeconds} seconds (${inDays(bounds.maxWindowSeconds)}), received ${windowSeconds}`,
    });
  }
  if (!(typeof intervalSeconds === 'number' && intervalSeconds >= bounds.minIntervalSeconds)) {
    issues.push({
      path: joinPath(at, 'intervalSeconds'),
      message: `expected at least ${seconds(bounds.minIntervalSeconds)} between samples (the shortest interval this cockpit allows), received ${intervalSeconds}`,
    });
  }
  if (issues.length > 0) return issues;
  const count = maxSampleCount(policy);
  if (count > bounds.maxSamples) {
    const shortest = Math.ceil((windowSeconds / bounds.maxSamples) * 1000) / 1000;
    issues.push({
      path: joinPath(at, 'intervalSeconds'),
      message:
        `expected at least ${shortest} for a ${windowSeconds}s window, received ${intervalSeconds}: ` +
        `sampled every ${intervalSeconds}s it takes ${count} samples, more than the ${bounds.maxSamples} one canary may take`,
    });
  }
  return issues;
}

function seconds(value: number): string {
  return `${value} second${value === 1 ? '' : 's'}`;
}

function inDays(seconds: number): string {
  const days = seconds / 86_400;
  return Number.isInteger(days) ? `${days} day${days === 1 ? '' : 's'}` : `${seconds / 3600} hours`;
}

function definedOnly(overrides: Partial<PolicyBounds>): Partial<PolicyBounds> {
  return Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
}
