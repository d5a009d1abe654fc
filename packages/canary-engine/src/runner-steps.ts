/**
 * The steps a running canary takes on its schedule: it schedules the step due next (a sample
 * slot, then the window end) on the engine's one scheduler, runs it through the canary's queue
 * when it is due, and
 * decides after each. A new kind of step (a traffic weight, a pause, a manual gate) is a member
 * of `ScheduledStep`, a case of `nextStep` and one of `runStep`.
 */
import {
  type BaselineSample,
  baselineGate,
  baselineMetrics,
  type CanarySample,
  decideCanary,
  judgeBaselineSample,
  judgeSample,
  lastSlotDueBy,
  mayDecide,
  metricsToSample,
  type SloQuery,
  type SloReading,
  sampleDueAt,
} from '@lukhas/core';
import {
  CanaryEngineError,
  eventNotPublished,
  isLeaseLost,
  isStaleState,
  messageOf,
  wasStoredAnyway,
} from './canary-engine-error.ts';
import { sampleTransition } from './canary-transitions.ts';
import { readSlo } from './read-slo.ts';
import type { RunnerContext } from './runner-context.ts';
import { fail, finish, refuse } from './runner-endings.ts';
import { advanceLadder } from './runner-ladder.ts';
import {
  decisionInput,
  endRunner,
  keepSample,
  phaseIs,
  type RunnerState,
  replaceSamples,
} from './runner-state.ts';

/** A step the runner schedules: it runs when the clock reaches `at` (epoch ms). */
export type ScheduledStep =
  /** Take the sample of `slot` (1-based). */
  | { readonly kind: 'sample'; readonly slot: number; readonly at: number }
  /** The timed pause in progress ends: the ladder moves on (or the pause had too few samples). */
  | { readonly kind: 'pause_end'; readonly at: number }
  /** No slot is left: the window's end decides. */
  | { readonly kind: 'window_end'; readonly at: number };

// A timer this late or less still takes its own slot (timers run late on a loaded machine); a
// later one is a missed stretch, which takes one sample for the latest slot due.
const LATE_GRACE_MS = 1000;

/** Runs `step` through the canary's queue; an error in it rolls the canary back ({@link fail}). */
export function enqueue(context: RunnerContext, state: RunnerState, step: () => Promise<void>): void {
  void state.queue.run(step).catch((error: unknown) => fail(context, state, error));
}

/**
 * The first step: a canary that cannot run is rolled back with `refusal`; one whose stored
 * samples already decide it (a restart after its window end or a breach) is decided now; any
 * other is scheduled.
 */
export async function begin(context: RunnerContext, state: RunnerState, refusal?: string): Promise<void> {
  if (!phaseIs(state, 'running')) return;
  if (refusal !== undefined) return refuse(context, state, refusal);
  await decideAt(context, state, context.clock.now());
}

/**
 * The step due next: the next sample slot, or the end of the timed pause in progress when it comes
 * first (a sample wins a tie: it is judged with the pause), or the window end once every slot is taken.
 */
export function nextStep(state: RunnerState): ScheduledStep {
  const { canary, startedAt, nextSlot: slot } = state;
  const pauseEndsAt = state.ladder?.pauseEndsAt;
  const sample: ScheduledStep | undefined =
    slot <= state.slots
      ? { kind: 'sample', slot, at: sampleDueAt(canary.policy, startedAt, slot) }
      : undefined;
  if (pauseEndsAt !== undefined && pauseEndsAt < (sample?.at ?? state.endsAt))
    return { kind: 'pause_end', at: pauseEndsAt };
  return sample ?? { kind: 'window_end', at: state.endsAt };
}

/** Schedules the step due next (only while running); it runs through the queue when it is due. */
export function scheduleNext(context: RunnerContext, state: RunnerState): void {
  if (!phaseIs(state, 'running')) return;
  const step = nextStep(state);
  state.cancelTimer = context.scheduler.at(step.at, () => {
    state.cancelTimer = undefined;
    enqueue(context, state, () => runStep(context, state, step));
  });
}

function runStep(context: RunnerContext, state: RunnerState, step: ScheduledStep): Promise<void> {
  switch (step.kind) {
    case 'sample':
      return takeSample(context, state, step.slot);
    case 'window_end':
    case 'pause_end':
      return phaseIs(state, 'running') ? decideAt(context, state, step.at) : Promise.resolve();
  }
}

/**
 * Takes, judges and stores the sample of the `armed` slot, then decides. Late by more than a busy
 * machine's jitter (the process stalled, the queue waited on a slow store): one sample, for the
 * latest slot due; the slots missed in between are not taken, so a stall never turns into a burst
 * of samples past the window.
 */
export async function takeSample(context: RunnerContext, state: RunnerState, armed: number): Promise<void> {
  if (!phaseIs(state, 'running')) return;
  const { policy } = state.canary;
  const now = context.clock.now();
  const late = now - sampleDueAt(policy, state.startedAt, armed) > LATE_GRACE_MS;
  const slot = late ? Math.max(armed, lastSlotDueBy(policy, state.startedAt, now)) : armed;
  const due = sampleDueAt(policy, state.startedAt, slot);
  state.nextSlot = slot + 1;
  const readings = await readSample(context, state);
  // Aborted or stopped while in flight: the late answer is discarded.
  if (readings === undefined || !phaseIs(state, 'running')) return;
  const judged = judgeSample({ seq: state.nextSeq, at: due, reading: readings.canary }, policy.targets, {
    ...(policy.dryRun === undefined ? {} : { dryRun: policy.dryRun }),
  });
  const sample: CanarySample =
    readings.baseline === undefined ? judged : { ...judged, baseline: readings.baseline };
  if (!(await storeSample(context, state, sample))) return;
  // An abort that arrived while the sample was being stored comes after it: the sample may decide first.
  if (phaseIs(state, 'running', 'aborting')) await decideAt(context, state, due);
}

/**
 * Decides by the rule at `now` from the samples taken: records the decision, or schedules the next
 * step. Its callers check the phase first (a sample may still decide while an abort waits).
 */
export async function decideAt(context: RunnerContext, state: RunnerState, due: number): Promise<void> {
  const { ladder } = state;
  // A step due before an operator's promotion but run after it (its timer fired while the promotion
  // held the queue) is decided at the promotion's instant: judged earlier, the ladder would see the
  // pause still waiting and take the traffic back to the weight before it.
  const now = Math.max(due, ladder?.promotions.at(-1)?.at ?? due);
  const input = decisionInput(state, now);
  // Most samples decide nothing: the next one is scheduled without building the rule's whole math.
  if (ladder === undefined && !mayDecide(input)) return scheduleNext(context, state);
  const verdict = decideCanary(input);
  if (verdict.decision !== null) {
    // `finish` moves the traffic to its final weight (a router that cannot take 100 rolls back).
    await finish(context, state, {
      decision: verdict.decision,
      math: verdict.math,
      operator: context.operator,
    });
    return;
  }
  if (ladder !== undefined && verdict.math.steps !== undefined) {
    const advanced = await advanceLadder(context, state, ladder, verdict.math.steps, now);
    if (phaseIs(state, 'ended')) return;
    if (!advanced) return decideAt(context, state, now);
  }
  scheduleNext(context, state);
}

// Asks the monitor for the canary's gate and, with a baseline in the policy, the baseline's gate
// at once, each with the sample's deadline; `undefined` when an abort or a stop cancelled them.
// Each side falls back on its own: a baseline the monitor cannot read never touches the canary's values.
async function readSample(
  context: RunnerContext,
  state: RunnerState,
): Promise<{ canary: SloReading; baseline: BaselineSample | undefined } | undefined> {
  const { canary } = state;
  const { policy } = canary;
  const controller = new AbortController();
  state.sampleInFlight = controller;
  const read = (query: Omit<SloQuery, 'signal'>) =>
    readSlo({
      monitor: context.monitor,
      query,
      timeoutMs: context.sampleTimeoutMs(policy),
      timers: context.timers,
      signal: controller.signal,
      limiter: context.sloReads,
    });
  const common = { modelId: canary.modelId, windowSeconds: policy.windowSeconds };
  const baselineQuery =
    policy.baseline === undefined
      ? undefined
      : { ...common, gate: baselineGate(policy, canary.fromGate), metrics: baselineMetrics(policy) };
  const [reading, baselineReading] = await Promise.all([
    read({ ...common, gate: canary.toGate, metrics: metricsToSample(policy.targets) }),
    baselineQuery === undefined ? undefined : read(baselineQuery),
  ]);
  state.sampleInFlight = undefined;
  if (reading === undefined || (baselineQuery !== undefined && baselineReading === undefined))
    return undefined;
  const baseline =
    baselineQuery === undefined || baselineReading === undefined
      ? undefined
      : judgeBaselineSample({
          gate: baselineQuery.gate,
          reading: baselineReading,
          metrics: baselineQuery.metrics,
        });
  return { canary: reading, baseline };
}

// Stores `sample`; false when someone else decided the canary first (the runner has ended). A
// sample the store refused is reported and not kept: the next due time retakes its `seq`.
async function storeSample(
  context: RunnerContext,
  state: RunnerState,
  sample: CanarySample,
): Promise<boolean> {
  const { canary } = state;
  try {
    await context.store.recordTransition(
      sampleTransition(canary, sample, context.clock.now(), context.operator),
    );
    keepSample(state, sample);
  } catch (error) {
    if (isStaleState(error)) {
      endRunner(state, { kind: 'decided_elsewhere' });
      return false;
    }
    if (isLeaseLost(error)) {
      endRunner(state, { kind: 'lease_lost' });
      return false;
    }
    if (wasStoredAnyway(error)) {
      keepSample(state, sample);
      context.report(eventNotPublished(canary.canaryId, error));
    } else {
      context.report(
        new CanaryEngineError(
          'SAMPLE_NOT_STORED',
          `sample ${sample.seq} of canary ${canary.canaryId}: ${messageOf(error)}`,
          { canaryId: canary.canaryId, cause: error },
        ),
      );
      await resync(context, state);
    }
  }
  return true;
}

// After a failed write, believe the store: the decision is computed from what is stored.
async function resync(context: RunnerContext, state: RunnerState): Promise<void> {
  try {
    replaceSamples(state, await context.store.samplesOf(state.canary.canaryId));
  } catch {
    // The store is down; the next sample or the decision will report it.
  }
}
