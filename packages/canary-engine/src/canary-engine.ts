/**
 * The canary engine: starts canaries, runs each on its own schedule by the SPEC's decision
 * rule, aborts them, resumes them after a restart, and stops cleanly.
 */
import {
  type CanaryRecord,
  type CanaryRequest,
  type CanarySample,
  DomainError,
  isDecidedCanaryStatus,
  type OutboxMessage,
  type OutboxSettlement,
  policyBoundsIssues,
  type TrafficRouter,
  UNDECIDED_CANARY_STATUSES,
} from '@lukhas/core';
import { answerWithin } from './answer-within.ts';
import {
  alreadyDecided,
  CanaryEngineError,
  eventNotPublished,
  isModelHeld,
  messageOf,
  wasStoredAnyway,
} from './canary-engine-error.ts';
import { type CanaryEngineOptions, resolveEngineOptions } from './canary-engine-options.ts';
import { createCanaryOwnership, fencedStore } from './canary-ownership.ts';
import { type CanaryRunner, startRunner } from './canary-runner.ts';
import { runningCanary, startedTransition } from './canary-transitions.ts';
import { createCanaryWebhooks } from './canary-webhooks.ts';
import { startLeaseKeeper } from './lease-keeper.ts';
import { type ResumeReport, resumeCanaries } from './resume-canaries.ts';
import { redeliverRouterWeight } from './router-redelivery.ts';
import type { RunnerContext } from './runner-context.ts';
import { createRunnerRegistry } from './runner-registry.ts';
import type { RunnerOptions } from './runner-state.ts';
import { createScheduler } from './scheduler.ts';
import { createSloReadLimiter } from './slo-read-limiter.ts';

export type { CanaryEngineOptions, CanaryEngineStore } from './canary-engine-options.ts';
export type { ResumeReport } from './resume-canaries.ts';

/** Runs canaries. */
export interface CanaryEngine {
  /** Records the canary as started and schedules its samples. */
  start(request: CanaryRequest, operator: string): Promise<CanaryRecord>;
  /**
   * Rolls a running canary back at once, even while a sample is in flight (its answer is discarded).
   * Throws `CANARY_ALREADY_DECIDED` (core's `DomainError`) once it is decided or its window has ended,
   * `CANARY_NOT_FOUND` for an unknown id. Answers within `abortAnswerMs` whatever the store does:
   * `DECISION_PENDING` with the store's error when the rollback is decided but not stored yet (it
   * is retried until the store takes it).
   */
  abort(
    canaryId: string,
    options: { readonly reason?: string; readonly operator: string },
  ): Promise<CanaryRecord>;
  /**
   * Resumes a canary waiting at a `pause: {}` step (`full`: skips every remaining step and
   * promotes), recorded with `operator`. Throws `CANARY_NOT_PAUSED` for a canary that is not
   * waiting, `CANARY_ALREADY_DECIDED` (core) once decided, `CANARY_NOT_FOUND` for an unknown id.
   */
  promote(
    canaryId: string,
    options: { readonly full?: boolean; readonly operator: string },
  ): Promise<CanaryRecord>;
  /** At start-up: picks up every running canary where its stored samples and window leave it. */
  resume(): Promise<ResumeReport>;
  /** The decided canary, once decided (at once if it already is). */
  whenDecided(canaryId: string): Promise<CanaryRecord>;
  /** How many canaries this engine is running (with `ownership`: the canaries this replica owns). */
  activeCount(): number;
  /** How many canaries this engine took over from replicas that were gone (0 without `ownership`). */
  takeovers(): number;
  /**
   * Delivers a stored outbox message of kind `canary.webhook` (`CANARY_WEBHOOK_KIND`) that its
   * writer did not settle (it crashed, or the receiver was down): a relay's attempt, audited like
   * the first. Undefined when the engine stopped first.
   */
  redeliverWebhook(message: OutboxMessage): Promise<OutboxSettlement | undefined>;
  /**
   * Makes a stored router call of kind `router.weight` (`ROUTER_WEIGHT_KIND`): the weight 0 a
   * rollback owes when the router failed at the decision. Undefined when the engine stopped first.
   */
  redeliverRouterWeight(message: OutboxMessage): Promise<OutboxSettlement | undefined>;
  /** Resolves when no sample, decision or webhook is under way (timers may still be armed). */
  idle(): Promise<void>;
  /** Cancels timers, samples and webhooks in flight and waits for the steps under way. */
  stop(): Promise<void>;
}

/**
 * A canary engine over the store and the SLO monitor.
 *
 * @example
 * const engine = createCanaryEngine({ store, monitor, webhooks: parseWebhookSettings(process.env) });
 * await engine.resume();
 * const canary = await engine.start(parseCanaryRequest(args), 'alice');
 * await engine.abort(canary.canaryId, { reason: 'manual override', operator: 'alice' });
 */
export function createCanaryEngine(options: CanaryEngineOptions): CanaryEngine {
  const settings = resolveEngineOptions(options);
  const { store, clock, timers, operator, report, bounds, abortAnswerMs } = settings;
  const webhooks = createCanaryWebhooks({
    store,
    settings: settings.webhooks,
    fetch: settings.fetch,
    resolveHost: settings.resolveHost,
    timers,
    clock,
    operator,
    report,
  });
  const runnerContext: RunnerContext = {
    store,
    monitor: settings.monitor,
    clock,
    timers,
    scheduler: createScheduler(timers, clock),
    sloReads: createSloReadLimiter(settings.maxSamplesInFlight),
    webhooks,
    router: settings.router,
    sampleTimeoutMs: settings.sampleTimeoutMs,
    operator,
    report,
  };
  const registry = createRunnerRegistry();
  // Ends the outbox router calls in flight at stop, as the runners' own lifetimes end theirs.
  const lifetime = new AbortController();
  let stopped = false;
  const ownership =
    settings.ownership === undefined ? undefined : createCanaryOwnership(settings.ownership, clock);
  const releases = new Set<Promise<void>>();
  let stopKeeper: (() => void) | undefined;

  // With ownership, a runner writes only under the lease its engine holds, and lets it go when it ends.
  function run(
    canary: CanaryRecord,
    samples: readonly CanarySample[],
    runOptions: RunnerOptions,
  ): CanaryRunner {
    const lease = ownership?.leaseOf(canary.canaryId);
    const context =
      lease === undefined
        ? runnerContext
        : { ...runnerContext, store: fencedStore(runnerContext.store, lease) };
    const runner = startRunner(context, canary, samples, runOptions);
    registry.add(runner);
    if (ownership !== undefined) {
      void runner.ended.then(() => {
        const release = ownership.release(canary.canaryId).catch(() => undefined);
        releases.add(release);
        void release.finally(() => releases.delete(release));
      });
    }
    return runner;
  }

  // Another replica may hold the canary: an operator's abort or promote here takes it over first.
  async function takeForOperator(canaryId: string): Promise<void> {
    if (ownership === undefined || ownership.leaseOf(canaryId) !== undefined) return;
    await ownership.acquire(canaryId, true);
  }

  function keepLeases(): void {
    if (ownership === undefined || stopKeeper !== undefined || stopped) return;
    stopKeeper = startLeaseKeeper({
      ownership,
      registry,
      store,
      timers,
      adopt: (canary) => adopt(canary),
      report,
    });
  }

  function assertRunning(): void {
    if (stopped) throw new CanaryEngineError('ENGINE_STOPPED', 'the canary engine is stopped');
  }

  // Runs a canary this engine does not run yet, from its stored samples; `adopted` is false when
  // it already ran it (a concurrent resume or abort got there first). A stored policy outside the
  // bounds (written before they existed) is never run: the canary is rolled back with the reason.
  async function adopt(canary: CanaryRecord): Promise<{
    runner: CanaryRunner;
    samples: readonly CanarySample[];
    adopted: boolean;
    refused: boolean;
  }> {
    const samples = await store.samplesOf(canary.canaryId);
    const running = registry.get(canary.canaryId);
    if (running !== undefined) return { runner: running, samples, adopted: false, refused: false };
    const issues = policyBoundsIssues(canary.policy, bounds, 'policy');
    const refuse =
      issues.length === 0
        ? undefined
        : `its stored policy is out of bounds (${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')})`;
    const runner = run(canary, samples, { resumed: true, ...(refuse === undefined ? {} : { refuse }) });
    return { runner, samples, adopted: true, refused: refuse !== undefined };
  }

  async function abortNow(canaryId: string, reason: string, by: string): Promise<CanaryRecord> {
    let runner = registry.get(canaryId);
    if (runner === undefined) {
      const canary = await store.getCanary(canaryId);
      if (canary === undefined) throw notFound(canaryId);
      if (isDecidedCanaryStatus(canary.status)) throw alreadyDecided(canary, canaryId);
      await takeForOperator(canaryId);
      const adopted = await adopt(canary);
      // A canary that cannot run is being rolled back already: that is the answer to the abort.
      if (adopted.refused) return adopted.runner.decision();
      runner = adopted.runner;
    }
    return runner.abort(reason, by);
  }

  // The canary that won a start race, for the loser's message (undefined if decided meanwhile).
  async function holderOf(modelId: string): Promise<string | undefined> {
    for (const status of UNDECIDED_CANARY_STATUSES) {
      const [holder] = await store.listCanaries({ status, modelId, limit: 1 });
      if (holder !== undefined) return holder.canaryId;
    }
    return undefined;
  }

  async function runnerOf(canaryId: string): Promise<CanaryRunner> {
    const running = registry.get(canaryId);
    if (running !== undefined) return running;
    const canary = await store.getCanary(canaryId);
    if (canary === undefined) throw notFound(canaryId);
    if (isDecidedCanaryStatus(canary.status)) throw alreadyDecided(canary, canaryId);
    await takeForOperator(canaryId);
    return (await adopt(canary)).runner;
  }

  return {
    async start(request, by) {
      assertRunning();
      // Before anything is claimed or stored: a refused URL leaves no trace but the error.
      const refused = await webhooks.refusal(request.webhooks);
      if (refused !== null) throw new CanaryEngineError('WEBHOOK_NOT_ALLOWED', refused);
      assertRunning();
      const { modelId } = request;
      const issues = policyBoundsIssues(request.policy, bounds, 'policy');
      if (issues.length > 0) {
        const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
        throw new DomainError('INVALID_CANARY_REQUEST', `invalid start_canary arguments: ${listed}`, {
          issues,
        });
      }
      const { exclusive } = settings;
      const runningHere = registry.holderOf(modelId);
      if (exclusive && runningHere !== undefined) throw alreadyRunning(modelId, runningHere);
      const canaryId = settings.ids.next('canary');
      // A route the router cannot drive (HAProxy knows no such backend or server) refuses the
      // canary before anything is stored, with the router's own message.
      if (request.policy.steps !== undefined) await checkRoute(settings.router, request, canaryId);
      // Claimed before the first await, so two concurrent starts of one model cannot both pass.
      if (exclusive) registry.claim(modelId, canaryId);
      try {
        // The quick answer; the store's model hold (below) is what settles a race between replicas.
        if (exclusive) {
          const elsewhere = await holderOf(modelId);
          if (elsewhere !== undefined) throw alreadyRunning(modelId, elsewhere);
        }
        // Leased before its start is stored: no other replica ever sees it running without an owner.
        const lease = ownership === undefined ? undefined : await ownership.acquire(canaryId);
        if (ownership !== undefined && lease === undefined)
          throw new Error(`canary ${canaryId}: its new lease is held elsewhere`);
        const now = clock.now();
        const canary = runningCanary(request, { canaryId, operator: by, at: now });
        try {
          // The store holds the model for it: of two replicas starting one at once, one is refused.
          const started = { ...startedTransition(canary, now), holdsModel: exclusive };
          await store.recordTransition(lease === undefined ? started : { ...started, lease });
        } catch (error) {
          if (!wasStoredAnyway(error)) {
            // Not stored: its lease goes too, so a refused start leaves no row behind (a lease row
            // left by a failed delete is harmless: no canary has its id). The start's error is the answer.
            await ownership?.forget(canaryId).catch(() => undefined);
            if (isModelHeld(error)) throw alreadyRunning(modelId, await holderOf(modelId), error);
            throw error;
          }
          report(eventNotPublished(canaryId, error));
        }
        keepLeases();
        // Stopped meanwhile: the canary is stored as running; the next resume picks it up.
        if (!stopped) run(canary, [], { resumed: false });
        return canary;
      } catch (error) {
        registry.release(modelId, canaryId);
        throw error;
      }
    },

    async abort(canaryId, { reason = '', operator: by }) {
      assertRunning();
      // An operator's abort must answer even when the store hangs or refuses writes; the rollback
      // itself goes on in the background until it is stored.
      return answerWithin(abortNow(canaryId, reason, by), {
        timers,
        ms: abortAnswerMs,
        late: () =>
          registry.get(canaryId)?.lateAnswer() ??
          new CanaryEngineError(
            'STORE_UNAVAILABLE',
            `the store has not answered within ${abortAnswerMs}ms about canary ${canaryId}; nothing was changed, try again`,
            { canaryId },
          ),
      });
    },

    async resume() {
      assertRunning();
      keepLeases();
      return resumeCanaries({ store, registry, ownership, clock, adopt, report });
    },

    async promote(canaryId, { full = false, operator: by }) {
      assertRunning();
      const runner = await runnerOf(canaryId);
      return runner.promote({ full, operator: by });
    },

    async whenDecided(canaryId) {
      const runner = registry.get(canaryId);
      if (runner !== undefined) return runner.decision();
      const canary = await store.getCanary(canaryId);
      if (canary === undefined) throw notFound(canaryId);
      if (isDecidedCanaryStatus(canary.status)) return canary;
      throw new CanaryEngineError(
        'CANARY_NOT_ACTIVE',
        `canary ${canaryId} is running, but not in this engine (resume it first)`,
        { canaryId },
      );
    },

    activeCount: () => registry.size(),

    takeovers: () => ownership?.takeovers() ?? 0,
    redeliverWebhook: (message) => webhooks.redeliver(message),

    redeliverRouterWeight: (message) => redeliverRouterWeight(runnerContext, message, lifetime.signal),

    async idle() {
      await Promise.all(registry.runners().map((runner) => runner.idle()));
      await webhooks.idle();
    },

    async stop() {
      stopped = true;
      stopKeeper?.();
      lifetime.abort(new Error('canary engine stopped'));
      await Promise.all(registry.runners().map((runner) => runner.stop()));
      // Handed over at once: another replica takes these canaries at its next check, not after expiry.
      await Promise.all([...releases]);
      await webhooks.stop();
    },
  };
}

async function checkRoute(router: TrafficRouter, request: CanaryRequest, canaryId: string): Promise<void> {
  const { modelId, fromGate, toGate } = request;
  try {
    await router.check({ canaryId, modelId, fromGate, toGate });
  } catch (error) {
    throw new CanaryEngineError(
      'ROUTE_REFUSED',
      `the ${router.kind} traffic router cannot drive model ${modelId} (${fromGate} → ${toGate}): ${messageOf(error)}`,
      { canaryId, cause: error },
    );
  }
}

function alreadyRunning(modelId: string, canaryId: string | undefined, cause?: unknown): CanaryEngineError {
  const which = canaryId === undefined ? '' : ` (${canaryId})`;
  return new CanaryEngineError(
    'CANARY_ALREADY_RUNNING',
    `model ${modelId} already has a running canary${which}; abort it or wait for its decision`,
    { ...(canaryId === undefined ? {} : { canaryId }), cause },
  );
}

function notFound(canaryId: string): CanaryEngineError {
  return new CanaryEngineError('CANARY_NOT_FOUND', `no canary with id ${canaryId}`, { canaryId });
}
