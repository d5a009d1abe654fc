/**
 * Everything one running canary holds and changes: where it is in its schedule, its armed timer,
 * the sample in flight, the samples taken, the decision being recorded, and how it ended. The
 * runner's steps (`runner-steps.ts`, `runner-endings.ts`, `runner-abort.ts`) read and change it;
 * nothing else does.
 */
import {
  type CanaryPromotion,
  type CanaryRecord,
  type CanarySample,
  type DecisionInput,
  firstSlotDueFrom,
  maxSampleCount,
  sampleDueAt,
  windowEndsAt,
} from '@lukhas/core';
import type { DecisionOutcome } from './record-decision.ts';
import { createSerialQueue, type SerialQueue } from './serial-queue.ts';

/**
 * Where a runner is: sampling (`running`), rolling back for an operator (`aborting`), recording a
 * decision (`finishing`), or done (`ended`). It only moves forward.
 */
export type RunnerPhase = 'running' | 'aborting' | 'finishing' | 'ended';

/** How a runner ended: as its decision was recorded, or stopped, or failed. */
export type RunnerEnd = DecisionOutcome;

/** How a runner starts. */
export interface RunnerOptions {
  /** Picked up from storage (a restart, or an abort of a canary no engine ran). */
  readonly resumed: boolean;
  /** Set when the canary cannot be run (say, a stored policy now out of bounds): it is rolled back at once with this reason. */
  readonly refuse?: string;
}

/** The decision being recorded: what it is, whether an abort made it, the store's last refusal. */
export interface PendingDecision {
  readonly what: string;
  readonly aborted: boolean;
  lastError?: unknown;
}

/** The traffic ladder of a canary with steps, as this runner applied and recorded it. */
export interface LadderState {
  /** The weight the router holds as far as this runner knows; null until it applied one (a resumed canary re-applies). */
  applied: number | null;
  /** The step last recorded (`step` or `paused`). */
  recordedIndex: number;
  /** Recorded as paused (status `paused`). */
  paused: boolean;
  /** The operators' promotions so far, epoch ms. */
  readonly promotions: CanaryPromotion[];
  /** The router failed for good: the next decision rolls back with `router_failed`. */
  routerFailure: { readonly at: number; readonly reason: string } | undefined;
  /** When the timed pause in progress ends, epoch ms: a step of the schedule. */
  pauseEndsAt: number | undefined;
}

/** One running canary's state. */
export interface RunnerState {
  /** The canary as last recorded (its status and traffic change with its steps). */
  canary: CanaryRecord;
  /** Picked up from storage: its decision is marked `resumed`. */
  readonly resumed: boolean;
  /** Start of the window, epoch ms. */
  readonly startedAt: number;
  /** End of the window, epoch ms: the canary is decided then at the latest. */
  readonly endsAt: number;
  /** How many sample slots the window holds. */
  readonly slots: number;
  /** Due time of the last slot (none without slots); it may fall exactly on the window end. */
  readonly lastDue: number | undefined;
  /** Every step (a sample, an abort, the decision) runs through it, one at a time. */
  readonly queue: SerialQueue;
  /** Aborted by `stop`: cancels the confirm call and the decision's retries. */
  readonly lifetime: AbortController;
  phase: RunnerPhase;
  /** The samples stored so far, which the decision is computed from. */
  readonly taken: CanarySample[];
  /** The `seq` of the next sample stored. */
  nextSeq: number;
  /** The slot the next timer is armed for. */
  nextSlot: number;
  /** Cancels the armed timer, if any. */
  cancelTimer: (() => void) | undefined;
  /** Aborts the monitor call under way, if any. */
  sampleInFlight: AbortController | undefined;
  pending: PendingDecision | undefined;
  /** The ladder of a canary with steps; undefined without steps. */
  readonly ladder: LadderState | undefined;
  /** Settles once, when the runner ends. */
  readonly ended: Promise<RunnerEnd>;
  readonly resolveEnded: (end: RunnerEnd) => void;
}

/** What a runner's state is built from. */
export interface RunnerStateInput {
  readonly canary: CanaryRecord;
  /** The samples stored so far. */
  readonly samples: readonly CanarySample[];
  readonly options: RunnerOptions;
  /** Epoch ms: a resumed canary's next slot is the first still ahead of it. */
  readonly now: number;
}

/** A runner's state before its first step. */
export function createRunnerState(input: RunnerStateInput): RunnerState {
  const { canary, samples, options, now } = input;
  const { policy } = canary;
  const startedAt = Date.parse(canary.startedAt);
  const slots = maxSampleCount(policy);
  let resolveEnded: (end: RunnerEnd) => void = () => {};
  const ended = new Promise<RunnerEnd>((resolve) => {
    resolveEnded = resolve;
  });
  return {
    canary,
    resumed: options.resumed,
    startedAt,
    endsAt: windowEndsAt(policy, startedAt),
    slots,
    lastDue: slots > 0 ? sampleDueAt(policy, startedAt, slots) : undefined,
    queue: createSerialQueue(),
    lifetime: new AbortController(),
    phase: 'running',
    taken: [...samples],
    nextSeq: seqAfter(samples),
    // Due times that passed while no engine ran are skipped: the next one still ahead is taken. A
    // new canary starts at its first slot, however long storing its start took (a loaded machine).
    nextSlot: options.resumed ? firstSlotDueFrom(policy, startedAt, now) : 1,
    cancelTimer: undefined,
    sampleInFlight: undefined,
    pending: undefined,
    ladder: canary.policy.steps === undefined ? undefined : ladderOf(canary, options.resumed),
    ended,
    resolveEnded,
  };
}

// A resumed canary re-applies its current weight (the router may have lost it, idempotent anyway).
function ladderOf(canary: CanaryRecord, resumed: boolean): LadderState {
  const traffic = canary.traffic;
  return {
    applied: resumed ? null : (traffic?.weight ?? 0),
    recordedIndex: traffic?.stepIndex ?? 0,
    paused: canary.status === 'paused',
    promotions: (traffic?.promotions ?? []).map((promotion) => ({
      at: Date.parse(promotion.at),
      full: promotion.full,
    })),
    routerFailure: undefined,
    pauseEndsAt: undefined,
  };
}

/** What the decision rule reads at `now`: the samples, and the ladder's promotions and router failure. */
export function decisionInput(
  state: RunnerState,
  now: number,
  abort?: DecisionInput['abort'],
): DecisionInput {
  const { canary, startedAt, taken, ladder } = state;
  return {
    policy: canary.policy,
    startedAt,
    now,
    samples: taken,
    ...(abort === undefined ? {} : { abort }),
    ...(ladder === undefined ? {} : { promotions: ladder.promotions }),
    ...(ladder?.routerFailure === undefined ? {} : { routerFailure: ladder.routerFailure }),
  };
}

/** True when the runner is in one of `phases`. */
export function phaseIs(state: RunnerState, ...phases: RunnerPhase[]): boolean {
  return phases.includes(state.phase);
}

/** Ends the runner with `end`: no timer fires after it; `ended` settles (once). */
export function endRunner(state: RunnerState, end: RunnerEnd): void {
  state.phase = 'ended';
  state.cancelTimer?.();
  state.resolveEnded(end);
}

/** Adds a stored sample to those the decision is computed from. */
export function keepSample(state: RunnerState, sample: CanarySample): void {
  state.taken.push(sample);
  state.nextSeq += 1;
}

/** Replaces the samples taken with `stored` (what the store holds after a failed write). */
export function replaceSamples(state: RunnerState, stored: readonly CanarySample[]): void {
  state.taken.splice(0, state.taken.length, ...stored);
  state.nextSeq = seqAfter(stored);
}

function seqAfter(samples: readonly CanarySample[]): number {
  return samples.reduce((max, sample) => Math.max(max, sample.seq), 0) + 1;
}
