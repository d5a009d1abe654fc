/**
 * The counters fed by the cockpit's events as they are stored: job transitions, canary decisions,
 * samples, and the time from a canary's first breach to its rollback. Every label value that can
 * occur is known in advance and exported at 0 from the start, so `rate()` and `increase()` see the
 * first event.
 */
import { CANARY_DECISION_RULES, type CockpitEvent, JOB_EVENT_TYPES } from '@lukhas/core';
import { Counter, Histogram, type Registry } from 'prom-client';
import { BREACH_TO_ROLLBACK_BUCKETS } from './latency-buckets.ts';

// The pairs that can happen: only an elapsed window or the last step promotes; a blocked promotion
// rolls back under the same rule.
const DECISIONS = [
  { outcome: 'promote', rule: 'window_elapsed' },
  { outcome: 'promote', rule: 'steps_completed' },
  ...CANARY_DECISION_RULES.map((rule) => ({ outcome: 'rollback', rule })),
] as const;
const DECISION_EVENTS: Readonly<Record<string, 'promote' | 'rollback'>> = {
  promoted: 'promote',
  rolled_back: 'rollback',
};

/** What feeds the counters: the cockpit's `onEvent`. */
export interface EventMetricsOptions {
  readonly registry: Registry;
  /** Subscribes to every stored event; returns the unsubscribe function. */
  readonly onEvent: (listener: (event: CockpitEvent) => void) => () => void;
}

/**
 * Declares the event counters and starts listening; returns the unsubscribe function.
 *
 * @example
 * const stop = eventMetrics({ registry, onEvent: cockpit.onEvent });
 */
export function eventMetrics(options: EventMetricsOptions): () => void {
  const registers = [options.registry];
  const jobTransitions = new Counter({
    name: 'cockpit_job_transitions_total',
    help: 'Job events published, by type (queued, running, progress, completed, failed, cancelled).',
    labelNames: ['type'] as const,
    registers,
  });
  const decisions = new Counter({
    name: 'cockpit_canary_decisions_total',
    help: 'Canary decisions by outcome (promote, rollback) and the rule that fired.',
    labelNames: ['outcome', 'rule'] as const,
    registers,
  });
  const samples = new Counter({
    name: 'cockpit_canary_samples_total',
    help: 'Canary samples stored, by whether any value was a conservative fallback.',
    labelNames: ['fallback'] as const,
    registers,
  });
  const breachToRollback = new Histogram({
    name: 'cockpit_canary_breach_to_rollback_seconds',
    help: 'Seconds from the first breaching sample to the rollback, for breach_limit rollbacks.',
    buckets: [...BREACH_TO_ROLLBACK_BUCKETS],
    registers,
  });

  for (const type of JOB_EVENT_TYPES) jobTransitions.inc({ type }, 0);
  for (const labels of DECISIONS) decisions.inc(labels, 0);
  for (const fallback of ['true', 'false']) samples.inc({ fallback }, 0);

  const count = (event: CockpitEvent): void => {
    if (event.kind === 'job') {
      jobTransitions.inc({ type: event.type });
      return;
    }
    if (event.type === 'metric') {
      samples.inc({ fallback: String(event.data.fallback === true) });
      return;
    }
    const outcome = DECISION_EVENTS[event.type];
    const rule = event.data.rule;
    if (outcome === undefined || !isDecisionRule(rule)) return;
    decisions.inc({ outcome, rule });
    const seconds = event.data.breachToActionSeconds;
    if (outcome === 'rollback' && rule === 'breach_limit' && Number.isFinite(seconds)) {
      breachToRollback.observe(Math.max(0, seconds as number));
    }
  };
  return options.onEvent((event) => {
    try {
      count(event);
    } catch {
      // A listener that throws fails the store's transition (EVENT_LISTENER_FAILED): counting never may.
    }
  });
}

function isDecisionRule(rule: unknown): rule is (typeof CANARY_DECISION_RULES)[number] {
  return (CANARY_DECISION_RULES as readonly unknown[]).includes(rule);
}
