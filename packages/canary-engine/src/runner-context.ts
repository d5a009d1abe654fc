/**
 * What a canary runner needs from its engine: the ports it works through and the engine's
 * settings. Every step of a runner takes it explicitly, beside the runner's state.
 */
import type {
  CanaryRecord,
  CanarySample,
  Clock,
  SloMonitor,
  SloPolicy,
  TrafficRouter,
  TransitionRecorder,
} from '@lukhas/core';
import type { CanaryEngineError } from './canary-engine-error.ts';
import type { CanaryWebhookDispatcher } from './canary-webhooks.ts';
import type { Scheduler } from './scheduler.ts';
import type { SloReadLimiter } from './slo-read-limiter.ts';
import type { Timers } from './timers.ts';

/** What a runner needs from its engine. */
export interface RunnerContext {
  readonly store: Pick<TransitionRecorder, 'recordTransition' | 'recordAudit'> & {
    getCanary(canaryId: string): Promise<CanaryRecord | undefined>;
    samplesOf(canaryId: string): Promise<CanarySample[]>;
  };
  readonly monitor: SloMonitor;
  readonly clock: Clock;
  readonly timers: Timers;
  /** The engine's one timer for every runner's next step (over `timers` and `clock`). */
  readonly scheduler: Scheduler;
  /** Bounds the engine's SLO readings in flight, over every runner. */
  readonly sloReads: SloReadLimiter;
  readonly webhooks: CanaryWebhookDispatcher;
  /** Moves the traffic of a canary with steps. */
  readonly router: TrafficRouter;
  readonly sampleTimeoutMs: (policy: SloPolicy) => number;
  /** Who samples and decides by the rule. */
  readonly operator: string;
  readonly report: (error: CanaryEngineError) => void;
}
