/**
 * Terminal events: the last event of a job or canary, after which its topic carries nothing more.
 * Taken from core's transition tables, so a new terminal status there ends streams here too.
 */
import {
  CANARY_TRANSITIONS,
  type CanaryEventType,
  type CockpitEvent,
  isDecidedCanaryStatus,
  isTerminalJobStatus,
  JOB_TRANSITIONS,
  type JobEventType,
} from '@lukhas/core';

/** The event types that end an entity: `completed`, `failed`, `cancelled`; `promoted`, `rolled_back`. */
export const TERMINAL_EVENT_TYPES: {
  readonly job: ReadonlySet<JobEventType>;
  readonly canary: ReadonlySet<CanaryEventType>;
} = {
  job: new Set(
    Object.values(JOB_TRANSITIONS)
      .filter((rule) => isTerminalJobStatus(rule.to))
      .map((rule) => rule.event),
  ),
  canary: new Set(
    Object.values(CANARY_TRANSITIONS)
      .filter((rule) => isDecidedCanaryStatus(rule.to))
      .map((rule) => rule.event),
  ),
};

/**
 * True when `event` is the last of its job or canary.
 *
 * @example
 * isTerminalEvent({ kind: 'job', type: 'completed' }); // true
 * isTerminalEvent({ kind: 'canary', type: 'metric' }); // false
 */
export function isTerminalEvent(event: Pick<CockpitEvent, 'kind' | 'type'>): boolean {
  // A file has no lifecycle: it can always change again, so no event of it is its last.
  if (event.kind === 'file') return false;
  const types: ReadonlySet<string> = TERMINAL_EVENT_TYPES[event.kind];
  return types.has(event.type);
}
