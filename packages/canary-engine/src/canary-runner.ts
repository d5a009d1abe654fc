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
  decideCanary,
  judgeSample,
  metricsToSample,
  type SloMonitor,
  type SloPolicy,
  sampleSchedule,
  type TransitionRecorder,
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
  /** Cancels timers and the sample in flight, waits for the step under way; records nothing more. */
  stop(): Promise<void>;
  /** Resolves when no step is under way. */
  idle(): Promise<void>;
}

type RunnerState = 'running' | 'aborting' | 'finishing' | 'ended';

/**
 * Runs `canary` from its stored `samples`: decides at once when they already decide it (a restart
 * after the window end or after a breaching sample), else samples at each due time still ahead.
 */
export function startRunner(
  context: RunnerContext,
  canary: CanaryRecord,
  samples: readonly CanarySample[],
  options: { readonly resumed: boolean },
): CanaryRunner {
  const { store, clock, timers, operator, report } = context;
  const { policy, canaryId } = canary;
  const startedAt = Date.parse(canary.startedAt);
  const { dueAt, windowEndsAt: endsAt } = sampleSchedule(policy, startedAt);
  const query = {
    modelId: canary.modelId,
    gate: canary.toGate,
    windowSeconds: policy.windowSeconds,
    metrics: metricsToSample(policy.targets),
  };
  const queue = createSerialQueue();
  const lifetime = new AbortController();
  const taken: CanarySample[] = [...samples];
  let nextSeq = taken.reduce((max, sample) => Math.max(max, sample.seq), 0) + 1;
  let nextSlot = dueAt.findIndex((due) => due >= clock.now());
  if (nextSlot === -1) nextSlot = dueAt.length;
  let state: RunnerState = 'running';
  let cancelTimer: (() => void) | undefined;
  let sampleInFlight: AbortController | undefined;
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
    const due = dueAt[slot];
    cancelTimer = scheduleAt(timers, clock, due ?? endsAt, () => {
      cancelTimer = undefined;
      void queue
        .run(() => (due === undefined ? decideAt(endsAt, 'running') : takeSample(slot, due)))
        .catch(fail);
    });
  }

  async function takeSample(slot: number, due: number): Promise<void> {
    if (!stateIs('running')) return;
    nextSlot = slot + 1;
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
    const input = { canary, decision, math, operator: by, resumed: options.resumed, signal: lifetime.signal };
    settle(await recordDecision(context, input));
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

  function fail(error: unknown): void {
    const failure = new CanaryEngineError('CANARY_FAILED', `canary ${canaryId} failed: ${messageOf(error)}`, {
      canaryId,
      cause: error,
    });
    report(failure);
    settle({ kind: 'failed', error: failure });
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
  const inTime = (at: number) => at < endsAt || (at === endsAt && dueAt.at(-1) !== endsAt);

  void queue
    .run(async () => {
      if (!stateIs('running')) return;
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

    idle: () => queue.idle(),
  };
}
