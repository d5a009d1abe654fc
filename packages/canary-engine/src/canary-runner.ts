/**
 * One running canary: its sample timers, the sample in flight, its abort and its decision. All
 * of its work runs through one serial queue, so a sample, an abort and the decision never
 * interleave; canaries never wait for each other.
 */
import {
  type CanaryDecision,
  type CanaryRecord,
  type CanarySample,
  type Clock,
  type DecisionMath,
  DomainError,
  decideCanary,
  firstSlotDueFrom,
  judgeSample,
  lastSlotDueBy,
  maxSampleCount,
  metricsToSample,
  type SloMonitor,
  type SloPolicy,
  sampleDueAt,
  type TransitionRecorder,
  windowEndsAt,
} from '@lukhas/core';
import {
  alreadyDecided,
  CanaryEngineError,
  isStaleState,
  messageOf,
  wasStoredAnyway,
} from './canary-engine-error.ts';
import { sampleTransition } from './canary-transitions.ts';
import type { CanaryWebhookDispatcher } from './canary-webhooks.ts';
import { forcedRollback } from './forced-rollback.ts';
import { readSlo } from './read-slo.ts';
import { type DecisionOutcome, recordDecision } from './record-decision.ts';
import { createSerialQueue } from './serial-queue.ts';
import { scheduleAt, type Timers } from './timers.ts';

/** What a runner needs from its engine. */
export interface RunnerContext {
  readonly store: Pick<TransitionRecorder, 'recordTransition'> & {
    getCanary(canaryId: string): Promise<CanaryRecord | undefined>;
    samplesOf(canaryId: string): Promise<CanarySample[]>;
  };
  readonly monitor: SloMonitor;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly webhooks: CanaryWebhookDispatcher;
  readonly sampleTimeoutMs: (policy: SloPolicy) => number;
  /** Who samples and decides by the rule. */
  readonly operator: string;
  readonly report: (error: CanaryEngineError) => void;
}

/** How a runner ended: as its decision was recorded, or stopped, or failed. */
export type RunnerEnd = DecisionOutcome;

/** A canary being run. */
export interface CanaryRunner {
  readonly canary: CanaryRecord;
  /** Settles once, when the runner ends. */
  readonly ended: Promise<RunnerEnd>;
  /** The decided record once it is decided (here or elsewhere); rejects when the runner stopped or failed. */
  decision(): Promise<CanaryRecord>;
  /** Rolls the canary back now; `CANARY_ALREADY_DECIDED` when the window ended or a decision came first. */
  abort(reason: string, operator: string): Promise<CanaryRecord>;
  /**
   * The answer for an abort that cannot wait any longer: `DECISION_PENDING` when the canary is
   * being rolled back by an abort (not stored yet, and why), core's `CANARY_ALREADY_DECIDED` when
   * another decision (or the window end) came first.
   */
  lateAnswer(): Error;
  /** Cancels timers and the sample in flight, waits for the step under way; records nothing more. */
  stop(): Promise<void>;
  /** Resolves when no step is under way. */
  idle(): Promise<void>;
}

type RunnerState = 'running' | 'aborting' | 'finishing' | 'ended';

// A timer this late or less still takes its own slot (timers run late on a loaded machine); a
// later one is a missed stretch, which takes one sample for the latest slot due.
const LATE_GRACE_MS = 1000;

/** How a runner starts. */
export interface RunnerOptions {
  /** Picked up from storage (a restart, or an abort of a canary no engine ran). */
  readonly resumed: boolean;
  /** Set when the canary cannot be run (say, a stored policy now out of bounds): it is rolled back at once with this reason. */
  readonly refuse?: string;
}

/**
 * Runs `canary` from its stored `samples`: decides at once when they already decide it (a restart
 * after the window end or after a breaching sample), else samples at each due time still ahead.
 * Due times are computed, never listed, so no window is too long to hold. A timer that fires late
 * (a stall, a blocked event loop) takes one sample, for the latest slot due, never one per missed
 * slot. Anything that goes wrong after the canary was stored rolls it back with the reason rather
 * than leaving it running.
 */
export function startRunner(
  context: RunnerContext,
  canary: CanaryRecord,
  samples: readonly CanarySample[],
  options: RunnerOptions,
): CanaryRunner {
  const { store, clock, timers, operator, report } = context;
  const { policy, canaryId } = canary;
  const startedAt = Date.parse(canary.startedAt);
  const endsAt = windowEndsAt(policy, startedAt);
  const slots = maxSampleCount(policy);
  const lastDue = slots > 0 ? sampleDueAt(policy, startedAt, slots) : undefined;
  const queue = createSerialQueue();
  const lifetime = new AbortController();
  const taken: CanarySample[] = [...samples];
  let nextSeq = taken.reduce((max, sample) => Math.max(max, sample.seq), 0) + 1;
  // Due times that passed while no engine ran are skipped: the next one still ahead is taken. A new
  // canary starts at its first slot, however long storing its start took (a loaded machine).
  let nextSlot = options.resumed ? firstSlotDueFrom(policy, startedAt, clock.now()) : 1;
  let state: RunnerState = 'running';
  let cancelTimer: (() => void) | undefined;
  let sampleInFlight: AbortController | undefined;
  // The decision being recorded: what it is, whether an abort made it, the store's last refusal.
  let pending: { readonly what: string; readonly aborted: boolean; lastError?: unknown } | undefined;
  let settle: (end: RunnerEnd) => void = () => {};
  const ended = new Promise<RunnerEnd>((resolve) => {
    settle = (end) => {
      state = 'ended';
      cancelTimer?.();
      resolve(end);
    };
  });
  const stateIs = (...states: RunnerState[]) => states.includes(state);

  function arm(): void {
    if (!stateIs('running')) return;
    const slot = nextSlot;
    const due = slot <= slots ? sampleDueAt(policy, startedAt, slot) : undefined;
    cancelTimer = scheduleAt(timers, clock, due ?? endsAt, () => {
      cancelTimer = undefined;
      void queue.run(() => (due === undefined ? decideAt(endsAt, 'running') : takeSample(slot))).catch(fail);
    });
  }

  async function takeSample(armed: number): Promise<void> {
    if (!stateIs('running')) return;
    // Late by more than a busy machine's jitter (the process stalled, the queue waited on a slow
    // store): one sample, for the latest slot due; the slots missed in between are not taken, so a
    // stall never turns into a burst of samples past the window.
    const now = clock.now();
    const late = now - sampleDueAt(policy, startedAt, armed) > LATE_GRACE_MS;
    const slot = late ? Math.max(armed, lastSlotDueBy(policy, startedAt, now)) : armed;
    const due = sampleDueAt(policy, startedAt, slot);
    nextSlot = slot + 1;
    const query = {
      modelId: canary.modelId,
      gate: canary.toGate,
      windowSeconds: policy.windowSeconds,
      metrics: metricsToSample(policy.targets),
    };
    const controller = new AbortController();
    sampleInFlight = controller;
    const timeoutMs = context.sampleTimeoutMs(policy);
    const reading = await readSlo({
      monitor: context.monitor,
      query,
      timeoutMs,
      timers,
      signal: controller.signal,
    });
    sampleInFlight = undefined;
    // Aborted or stopped while in flight: the late answer is discarded.
    if (reading === undefined || !stateIs('running')) return;
    const sample = judgeSample({ seq: nextSeq, at: due, reading }, policy.targets);
    try {
      await store.recordTransition(sampleTransition(canary, sample, clock.now(), operator));
      taken.push(sample);
      nextSeq += 1;
    } catch (error) {
      if (isStaleState(error)) return settle({ kind: 'decided_elsewhere' });
      if (wasStoredAnyway(error)) {
        taken.push(sample);
        nextSeq += 1;
        report(listenerFailed(error));
      } else {
        report(
          new CanaryEngineError(
            'SAMPLE_NOT_STORED',
            `sample ${sample.seq} of canary ${canaryId}: ${messageOf(error)}`,
            { canaryId, cause: error },
          ),
        );
        await resync();
      }
    }
    // An abort that arrived while the sample was being stored comes after it: the sample may decide first.
    await decideAt(due, 'running', 'aborting');
  }

  async function decideAt(now: number, ...when: RunnerState[]): Promise<void> {
    if (!stateIs(...when)) return;
    const verdict = decideCanary({ policy, startedAt, now, samples: taken });
    if (verdict.decision !== null) {
      await finish(verdict.decision, verdict.math, operator);
      return;
    }
    arm();
  }

  async function finish(decision: CanaryDecision, math: DecisionMath, by: string): Promise<void> {
    state = 'finishing';
    cancelTimer?.();
    pending = { what: `${decision.outcome} (${decision.rule})`, aborted: decision.rule === 'abort' };
    const input = {
      canary,
      decision,
      math,
      operator: by,
      resumed: options.resumed,
      signal: lifetime.signal,
      onRefused: (error: unknown) => {
        if (pending !== undefined) pending.lastError = error;
      },
    };
    settle(await recordDecision(context, input));
  }

  // The canary cannot go on: roll it back now, with the reason, rather than leave it running.
  async function refuse(reason: string): Promise<void> {
    if (stateIs('finishing', 'ended')) return;
    const { decision, math } = forcedRollback({ canary, samples: taken, at: clock.now(), reason });
    await finish(decision, math, operator);
  }

  // After a failed write, believe the store: the decision is computed from what is stored.
  async function resync(): Promise<void> {
    try {
      const stored = await store.samplesOf(canaryId);
      taken.splice(0, taken.length, ...stored);
      nextSeq = stored.reduce((max, sample) => Math.max(max, sample.seq), 0) + 1;
    } catch {
      // The store is down; the next sample or the decision will report it.
    }
  }

  function listenerFailed(error: unknown): CanaryEngineError {
    return new CanaryEngineError('EVENT_NOT_PUBLISHED', `canary ${canaryId}: ${messageOf(error)}`, {
      canaryId,
      cause: error,
    });
  }

  // An unexpected error in one of the canary's steps: it is rolled back with the reason; only when
  // even that cannot be attempted does the runner end as failed (the next resume decides it).
  function fail(error: unknown): void {
    const failure = new CanaryEngineError('CANARY_FAILED', `canary ${canaryId} failed: ${messageOf(error)}`, {
      canaryId,
      cause: error,
    });
    report(failure);
    if (stateIs('ended')) return;
    if (stateIs('finishing')) {
      settle({ kind: 'failed', error: failure });
      return;
    }
    void queue
      .run(() => refuse(`the cockpit could not run this canary: ${messageOf(error)}`))
      .catch(() => settle({ kind: 'failed', error: failure }));
  }

  // The decided record once the runner ends, or why there is none.
  async function decision(): Promise<CanaryRecord> {
    const end = await ended;
    if (end.kind === 'decided') return end.record;
    if (end.kind === 'failed') throw end.error;
    if (end.kind === 'stopped') {
      const message = `the canary engine stopped before canary ${canaryId} was decided`;
      throw new CanaryEngineError('ENGINE_STOPPED', message, { canaryId });
    }
    const record = await store.getCanary(canaryId);
    if (record === undefined)
      throw new CanaryEngineError('CANARY_NOT_FOUND', `no canary with id ${canaryId}`);
    return record;
  }

  async function tooLate(): Promise<never> {
    throw alreadyDecided(await decision(), canaryId);
  }

  // An abort after the window end is too late: the window decision (or its last sample) comes first.
  const inTime = (at: number) => at < endsAt || (at === endsAt && lastDue !== endsAt);

  void queue
    .run(async () => {
      if (!stateIs('running')) return;
      if (options.refuse !== undefined) return refuse(options.refuse);
      const verdict = decideCanary({ policy, startedAt, now: clock.now(), samples: taken });
      if (verdict.decision !== null) await finish(verdict.decision, verdict.math, operator);
      else arm();
    })
    .catch(fail);

  return {
    canary,
    ended,
    decision,

    abort(reason, by) {
      const at = clock.now();
      if (!stateIs('running') || !inTime(at)) return tooLate();
      state = 'aborting';
      cancelTimer?.();
      sampleInFlight?.abort(new Error('canary aborted'));
      return queue.run(async () => {
        if (!stateIs('aborting')) return tooLate();
        const verdict = decideCanary({ policy, startedAt, now: at, samples: taken, abort: { at, reason } });
        if (verdict.decision !== null) await finish(verdict.decision, verdict.math, by);
        const end = await ended;
        return end.kind === 'decided' ? end.record : tooLate();
      });
    },

    async stop() {
      if (stateIs('ended')) return;
      state = 'ended';
      cancelTimer?.();
      sampleInFlight?.abort(new Error('canary engine stopped'));
      lifetime.abort(new Error('canary engine stopped'));
      await queue.idle();
      settle({ kind: 'stopped' });
    },

    lateAnswer() {
      const store =
        pending?.lastError === undefined
          ? 'the store has not answered yet'
          : `the store refuses it: ${messageOf(pending.lastError)}`;
      const retrying = 'the cockpit retries until it is stored; get_canary shows when';
      if (stateIs('aborting')) {
        const message = `canary ${canaryId} is being aborted: no more samples are taken, and its rollback is recorded once a store write under way returns (${store}); ${retrying}`;
        return new CanaryEngineError('DECISION_PENDING', message, { canaryId });
      }
      if (pending?.aborted === true) {
        const message = `canary ${canaryId} is rolled back (${pending.what}) but that is not stored yet (${store}); ${retrying}`;
        return new CanaryEngineError('DECISION_PENDING', message, { canaryId });
      }
      const how =
        pending === undefined
          ? `its window ended at ${new Date(endsAt).toISOString()} and its decision is being made`
          : `it is already decided (${pending.what}), not stored yet (${store})`;
      return new DomainError(
        'CANARY_ALREADY_DECIDED',
        `canary ${canaryId}: ${how}; a canary is decided only once`,
      );
    },

    idle: () => queue.idle(),
  };
}
