/**
 * The canary lifecycle: running (sampling) until exactly one decision, promoted or rolled back.
 */
import type { CanaryDecision } from './canary-decision.ts';
import { DomainError } from './errors.ts';
import type { CanaryEventType, CanaryStatus } from './records.ts';
import { DECIDED_CANARY_STATUSES } from './statuses.ts';

/** What can happen to a canary. `abort` is an operator's roll back; `roll_back` is the rule's. */
export type CanaryTransition = 'sample' | 'promote' | 'roll_back' | 'abort';

/** One row of the canary transition table. */
export interface CanaryTransitionRule {
  readonly from: readonly CanaryStatus[];
  readonly to: CanaryStatus;
  /** The bus event the transition publishes. */
  readonly event: CanaryEventType;
}

/** Every legal canary transition: all start from `running`, since a decided canary never changes again. */
export const CANARY_TRANSITIONS: Readonly<Record<CanaryTransition, CanaryTransitionRule>> = {
  sample: { from: ['running'], to: 'running', event: 'metric' },
  promote: { from: ['running'], to: 'promoted', event: 'promoted' },
  roll_back: { from: ['running'], to: 'rolled_back', event: 'rolled_back' },
  abort: { from: ['running'], to: 'rolled_back', event: 'rolled_back' },
};

/** The event a newly created canary publishes. */
export const CANARY_CREATED_EVENT: CanaryEventType = 'started';

/** True once a canary is promoted or rolled back. */
export function isDecidedCanaryStatus(status: CanaryStatus): boolean {
  return (DECIDED_CANARY_STATUSES as readonly CanaryStatus[]).includes(status);
}

/** True when `transition` is legal from `current`. */
export function canTransitionCanary(current: CanaryStatus, transition: CanaryTransition): boolean {
  return ruleFor(transition)?.from.includes(current) ?? false;
}

/**
 * The status a canary moves to. Throws `DomainError` `CANARY_ALREADY_DECIDED` for anything done to a
 * decided canary (the SPEC's "one decision per canary, never two"), else `ILLEGAL_CANARY_TRANSITION`.
 *
 * @example
 * nextCanaryStatus('running', 'promote'); // 'promoted'
 * nextCanaryStatus('rolled_back', 'promote'); // throws CANARY_ALREADY_DECIDED
 */
export function nextCanaryStatus(current: CanaryStatus, transition: CanaryTransition): CanaryStatus {
  const rule = ruleFor(transition);
  if (rule?.from.includes(current)) return rule.to;
  if (isDecidedCanaryStatus(current)) {
    throw new DomainError(
      'CANARY_ALREADY_DECIDED',
      `cannot ${transition} canary in status "${current}": it is already decided`,
    );
  }
  throw new DomainError('ILLEGAL_CANARY_TRANSITION', `cannot ${transition} canary in status "${current}"`);
}

/** The bus event a canary transition publishes (`sample` → `metric`, `abort` → `rolled_back`, …). */
export function canaryEventFor(transition: CanaryTransition): CanaryEventType {
  return CANARY_TRANSITIONS[transition].event;
}

/** The transition that applies a decision of `decideCanary`: promote, roll back, or the operator's abort. */
export function canaryTransitionFor(decision: CanaryDecision): CanaryTransition {
  if (decision.rule === 'abort') return 'abort';
  return decision.outcome === 'promote' ? 'promote' : 'roll_back';
}

// Transition names arrive from the wire too; `hasOwn` keeps `toString` and friends out.
function ruleFor(transition: CanaryTransition): CanaryTransitionRule | undefined {
  return Object.hasOwn(CANARY_TRANSITIONS, transition) ? CANARY_TRANSITIONS[transition] : undefined;
}
