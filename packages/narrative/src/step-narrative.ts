/**
 * Narrative messages for a canary's traffic ladder: each weight it moves to, each pause for a
 * person, each promotion by one, and each call to the traffic router.
 */
import { sanitizeText } from './sanitize-text.ts';

/** A canary moved to a weight. */
export interface CanaryStepInput {
  readonly modelId: string;
  readonly toGate: string;
  readonly weight: number;
}

/** A canary waiting at a `pause: {}`, or resumed from one. */
export interface CanaryPauseInput {
  readonly modelId: string;
  readonly weight: number;
}

/** An operator's `promote_canary`. */
export interface CanaryResumedInput extends CanaryPauseInput {
  readonly operator: string;
  /** Skipped every remaining step. */
  readonly full: boolean;
}

/** A traffic router call that failed (after its retries). */
export interface RouterFailedInput {
  readonly modelId: string;
  readonly weight: number;
  /** The router's kind: `webhook`, `haproxy`. */
  readonly router: string;
  readonly reason: string;
}

/**
 * `canary lukhas-agi-v3 → 25% to production`
 *
 * @example canaryStep({ modelId: 'lukhas-agi-v3', toGate: 'production', weight: 25 })
 */
export function canaryStep(input: CanaryStepInput): string {
  return `${subject(input.modelId)} → ${input.weight}% to ${sanitizeText(input.toGate)}`;
}

/** `canary lukhas-agi-v3 → paused at 25%: waiting for promote` */
export function canaryPaused(input: CanaryPauseInput): string {
  return `${subject(input.modelId)} → paused at ${input.weight}%: waiting for promote`;
}

/**
 * `canary lukhas-agi-v3 → resumed at 25% by alice`, or
 * `canary lukhas-agi-v3 → promoted in full from 25% by alice (remaining steps skipped)`.
 */
export function canaryResumed(input: CanaryResumedInput): string {
  const by = sanitizeText(input.operator);
  return input.full
    ? `${subject(input.modelId)} → promoted in full from ${input.weight}% by ${by} (remaining steps skipped)`
    : `${subject(input.modelId)} → resumed at ${input.weight}% by ${by}`;
}

/** `canary lukhas-agi-v3 → traffic router haproxy failed setting 25%: No such server.` */
export function routerFailed(input: RouterFailedInput): string {
  const reason = sanitizeText(input.reason);
  const line = `${subject(input.modelId)} → traffic router ${sanitizeText(input.router)} failed setting ${input.weight}%`;
  return reason === '' ? line : `${line}: ${reason}`;
}

/** What a router call made late, from the outbox, says. */
export interface RouterRedeliveredInput {
  readonly modelId: string;
  readonly weight: number;
  readonly router: string;
}

/** `canary lukhas-agi-v3 → traffic router haproxy took 0% (owed since the decision)` */
export function routerRedelivered(input: RouterRedeliveredInput): string {
  return `${subject(input.modelId)} → traffic router ${sanitizeText(input.router)} took ${input.weight}% (owed since the decision)`;
}

function subject(modelId: string): string {
  return `canary ${sanitizeText(modelId)}`;
}
