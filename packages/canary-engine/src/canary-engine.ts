/**
 * The canary engine: starts canaries, runs each on its own schedule by the SPEC's decision
 * rule, aborts them, resumes them after a restart, and stops cleanly.
 */
import {
  type CanaryRecord,
  type CanaryRequest,
  type CanarySample,
  type Clock,
  type CockpitStore,
  createIdGenerator,
  DomainError,
  decideCanary,
  type IdGenerator,
  isDecidedCanaryStatus,
  type PolicyBounds,
  policyBoundsIssues,
  resolvePolicyBounds,
  type SloMonitor,
  type SloPolicy,
  systemClock,
} from '@lukhas/core';
import type { WebhookFetch } from '@lukhas/webhooks';
import { answerWithin } from './answer-within.ts';
import { alreadyDecided, CanaryEngineError, messageOf, wasStoredAnyway } from './canary-engine-error.ts';
import { type CanaryRunner, startRunner } from './canary-runner.ts';
import { runningCanary, startedTransition } from './canary-transitions.ts';
import { createCanaryWebhooks } from './canary-webhooks.ts';
import { systemTimers, type Timers } from './timers.ts';
import { checkWebhookSettings, type WebhookSettings } from './webhook-settings.ts';
import type { ResolveHost } from './webhook-targets.ts';

/** The part of the cockpit store the engine uses. */
export type CanaryEngineStore = Pick<
  CockpitStore,
  'recordTransition' | 'recordAudit' | 'getCanary' | 'listCanaries' | 'canariesInStatus' | 'samplesOf'
>;

/** Options of {@link createCanaryEngine}. */
export interface CanaryEngineOptions {
  readonly store: CanaryEngineStore;
  readonly monitor: SloMonitor;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** Default: random ids. */
  readonly ids?: IdGenerator;
  /** Default: the platform's timers. */
  readonly timers?: Timers;
  /** How long a sample may take; default min(10 s, 80% of the canary's interval). */
  readonly sampleTimeoutMs?: number;
  /** Global webhook URLs (a canary's own URLs override them) and delivery knobs. */
  readonly webhooks?: WebhookSettings;
  /** Default: `globalThis.fetch`. */
  readonly fetch?: WebhookFetch;
  /**
   * Resolves the host names of canaries' own webhook URLs, at start and before every call, so a
   * name pointing at an internal address is refused (the server passes `dns.lookup`). Without it,
   * only IP-literal per-canary URLs can pass the allow-list (`webhooks.allow`).
   */
  readonly resolveHost?: ResolveHost;
  /** The operator recorded for what the engine does by itself; default `system`. */
  readonly systemOperator?: string;
  /** Allow several running canaries of one model at once; default false. */
  readonly allowConcurrentPerModel?: boolean;
  /**
   * The limits a canary's policy must keep (core's `POLICY_BOUNDS` for each one left out). `start`
   * refuses a policy outside them; a stored canary outside them (a database from an older
   * version) is rolled back at `resume` or `abort` with the reason, never run.
   */
  readonly policyBounds?: Partial<PolicyBounds>;
  /** How long `abort` may take before it answers `DECISION_PENDING` (the rollback still follows); default 800 ms. */
  readonly abortAnswerMs?: number;
  /** Hears failures that happen in the background (a sample or decision not stored); default `console.error`. */
  readonly onError?: (error: CanaryEngineError) => void;
}

/** What {@link CanaryEngine.resume} found. */
export interface ResumeReport {
  /** Canaries sampling again from where they were. */
  readonly resumed: readonly string[];
  /** Canaries whose stored samples already decide them (window passed, or a breach): being decided now. */
  readonly deciding: readonly string[];
}

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
  /** At start-up: picks up every running canary where its stored samples and window leave it. */
  resume(): Promise<ResumeReport>;
  /** The decided canary, once decided (at once if it already is). */
  whenDecided(canaryId: string): Promise<CanaryRecord>;
  /** How many canaries this engine is running. */
  activeCount(): number;
  /** Resolves when no sample, decision or webhook is under way (timers may still be armed). */
  idle(): Promise<void>;
  /** Cancels timers, samples and webhooks in flight and waits for the steps under way. */
  stop(): Promise<void>;
}

/**
 * A canary engine over the store and the SLO monitor.
 *
 * @example
 * const engine = createCanaryEngine({ store, monitor, webhooks: webhookSettingsFromEnv(process.env) });
 * await engine.resume();
 * const canary = await engine.start(parseCanaryRequest(args), 'alice');
 * await engine.abort(canary.canaryId, { reason: 'manual override', operator: 'alice' });
 */
export function createCanaryEngine(options: CanaryEngineOptions): CanaryEngine {
  const { store } = options;
  checkOptions(options);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? createIdGenerator();
  const timers = options.timers ?? systemTimers;
  const operator = options.systemOperator ?? 'system';
  const report = options.onError ?? ((error: CanaryEngineError) => console.error(error.message));
  const webhooks = createCanaryWebhooks({
    store,
    settings: options.webhooks ?? {},
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    resolveHost: options.resolveHost,
    timers,
    clock,
    operator,
    report,
  });
  const bounds = resolvePolicyBounds(options.policyBounds);
  const abortAnswerMs = options.abortAnswerMs ?? DEFAULT_ABORT_ANSWER_MS;
  const runners = new Map<string, CanaryRunner>();
  const modelsRunning = new Map<string, string>();
  let stopped = false;

  const sampleTimeoutMs = (policy: SloPolicy) =>
    options.sampleTimeoutMs ?? Math.max(1, Math.min(10_000, Math.round(policy.intervalSeconds * 800)));

  function run(
    canary: CanaryRecord,
    samples: readonly CanarySample[],
    runOptions: { readonly resumed: boolean; readonly refuse?: string },
  ): CanaryRunner {
    const runner = startRunner(
      { store, monitor: options.monitor, clock, timers, webhooks, sampleTimeoutMs, operator, report },
      canary,
      samples,
      runOptions,
    );
    runners.set(canary.canaryId, runner);
    modelsRunning.set(canary.modelId, canary.canaryId);
    void runner.ended.then(() => {
      runners.delete(canary.canaryId);
      if (modelsRunning.get(canary.modelId) === canary.canaryId) modelsRunning.delete(canary.modelId);
    });
    return runner;
  }

  function assertRunning(): void {
    if (stopped) throw new CanaryEngineError('ENGINE_STOPPED', 'the canary engine is stopped');
  }

  function alreadyRunning(modelId: string, canaryId: string): CanaryEngineError {
    return new CanaryEngineError(
      'CANARY_ALREADY_RUNNING',
      `model ${modelId} already has a running canary (${canaryId}); abort it or wait for its decision`,
      { canaryId },
    );
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
    const running = runners.get(canary.canaryId);
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
    let runner = runners.get(canaryId);
    if (runner === undefined) {
      const canary = await store.getCanary(canaryId);
      if (canary === undefined) throw notFound(canaryId);
      if (isDecidedCanaryStatus(canary.status)) throw alreadyDecided(canary, canaryId);
      const adopted = await adopt(canary);
      // A canary that cannot run is being rolled back already: that is the answer to the abort.
      if (adopted.refused) return adopted.runner.decision();
      runner = adopted.runner;
    }
    return runner.abort(reason, by);
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
      const exclusive = !options.allowConcurrentPerModel;
      const runningHere = modelsRunning.get(modelId);
      if (exclusive && runningHere !== undefined) throw alreadyRunning(modelId, runningHere);
      const canaryId = ids.next('canary');
      // Claimed before the first await, so two concurrent starts of one model cannot both pass.
      if (exclusive) modelsRunning.set(modelId, canaryId);
      try {
        if (exclusive) {
          const [elsewhere] = await store.listCanaries({ status: 'running', modelId, limit: 1 });
          if (elsewhere !== undefined) throw alreadyRunning(modelId, elsewhere.canaryId);
        }
        const now = clock.now();
        const canary = runningCanary(request, { canaryId, operator: by, at: now });
        try {
          await store.recordTransition(startedTransition(canary, now));
        } catch (error) {
          if (!wasStoredAnyway(error)) throw error;
          report(
            new CanaryEngineError('EVENT_NOT_PUBLISHED', `canary ${canaryId}: ${messageOf(error)}`, {
              canaryId,
              cause: error,
            }),
          );
        }
        // Stopped meanwhile: the canary is stored as running; the next resume picks it up.
        if (!stopped) run(canary, [], { resumed: false });
        return canary;
      } catch (error) {
        if (modelsRunning.get(modelId) === canaryId && !runners.has(canaryId)) modelsRunning.delete(modelId);
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
          runners.get(canaryId)?.lateAnswer() ??
          new CanaryEngineError(
            'STORE_UNAVAILABLE',
            `the store has not answered within ${abortAnswerMs}ms about canary ${canaryId}; nothing was changed, try again`,
            { canaryId },
          ),
      });
    },

    async resume() {
      assertRunning();
      const resumed: string[] = [];
      const deciding: string[] = [];
      for (const canary of await store.canariesInStatus(['running'])) {
        if (runners.has(canary.canaryId)) continue;
        try {
          const { samples, adopted, refused } = await adopt(canary);
          if (!adopted) continue;
          if (refused) {
            deciding.push(canary.canaryId);
            continue;
          }
          const startedAt = Date.parse(canary.startedAt);
          const verdict = decideCanary({ policy: canary.policy, startedAt, now: clock.now(), samples });
          (verdict.decision === null ? resumed : deciding).push(canary.canaryId);
        } catch (error) {
          report(
            new CanaryEngineError(
              'CANARY_FAILED',
              `cannot resume canary ${canary.canaryId}: ${messageOf(error)}`,
              {
                canaryId: canary.canaryId,
                cause: error,
              },
            ),
          );
        }
      }
      return { resumed, deciding };
    },

    async whenDecided(canaryId) {
      const runner = runners.get(canaryId);
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

    activeCount: () => runners.size,

    async idle() {
      await Promise.all([...runners.values()].map((runner) => runner.idle()));
      await webhooks.idle();
    },

    async stop() {
      stopped = true;
      await Promise.all([...runners.values()].map((runner) => runner.stop()));
      await webhooks.stop();
    },
  };
}

const DEFAULT_ABORT_ANSWER_MS = 800;

function checkOptions(options: CanaryEngineOptions): void {
  const { sampleTimeoutMs, abortAnswerMs } = options;
  if (abortAnswerMs !== undefined && !(Number.isFinite(abortAnswerMs) && abortAnswerMs > 0)) {
    throw new CanaryEngineError(
      'INVALID_ENGINE_OPTIONS',
      `abortAnswerMs must be a positive number of milliseconds, got ${abortAnswerMs}`,
    );
  }
  try {
    resolvePolicyBounds(options.policyBounds);
  } catch (error) {
    throw new CanaryEngineError('INVALID_ENGINE_OPTIONS', messageOf(error), { cause: error });
  }
  if (sampleTimeoutMs !== undefined && !(Number.isFinite(sampleTimeoutMs) && sampleTimeoutMs > 0)) {
    throw new CanaryEngineError(
      'INVALID_ENGINE_OPTIONS',
      `sampleTimeoutMs must be a positive number of milliseconds, got ${sampleTimeoutMs}`,
    );
  }
  if (options.webhooks !== undefined) checkWebhookSettings(options.webhooks);
}

function notFound(canaryId: string): CanaryEngineError {
  return new CanaryEngineError('CANARY_NOT_FOUND', `no canary with id ${canaryId}`, { canaryId });
}
