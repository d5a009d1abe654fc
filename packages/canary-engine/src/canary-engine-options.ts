/**
 * The canary engine's options, checked once at creation (a bad value is a configuration mistake,
 * reported at start-up rather than at the first canary), with every default applied.
 */
import {
  type Clock,
  type CockpitStore,
  createIdGenerator,
  type IdGenerator,
  type OutboxStore,
  type PolicyBounds,
  resolvePolicyBounds,
  type SloMonitor,
  type SloPolicy,
  systemClock,
  type TrafficRouter,
} from '@lukhas/core';
import type { WebhookFetch } from '@lukhas/webhooks';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import type { CanaryOwnershipOptions } from './canary-ownership.ts';
import { systemTimers, type Timers } from './timers.ts';
import { checkWebhookSettings, type WebhookSettings } from './webhook-settings.ts';
import type { ResolveHost } from './webhook-targets.ts';

/** The part of the cockpit store the engine uses. */
export type CanaryEngineStore = Pick<
  CockpitStore,
  'recordTransition' | 'recordAudit' | 'getCanary' | 'listCanaries' | 'canariesInStatus' | 'samplesOf'
> &
  // A store with an outbox hears how each webhook attempt went (see canary-webhooks.ts).
  Partial<Pick<OutboxStore, 'settleOutbox'>>;

/** Options of `createCanaryEngine`. */
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
  /**
   * How many SLO readings may be in flight at once, over every canary (a baseline reading counts
   * as one more); default 256. The rest wait their turn, within their sample's deadline.
   */
  readonly maxSamplesInFlight?: number;
  /**
   * Moves the traffic of canaries with steps (`setWeight`); default none: weights are recorded
   * and published only.
   */
  readonly router?: TrafficRouter;
  /** Hears failures that happen in the background (a sample or decision not stored); default `console.error`. */
  readonly onError?: (error: CanaryEngineError) => void;
  /**
   * Several replicas on one database: canaries are run under leases (`canary-ownership.ts`).
   * Default none: this engine runs every canary of its database (one process, SQLite).
   */
  readonly ownership?: CanaryOwnershipOptions;
}

/** The options with every default applied. */
export interface EngineSettings {
  readonly store: CanaryEngineStore;
  readonly monitor: SloMonitor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly timers: Timers;
  /** How long a sample of a canary with `policy` may take. */
  readonly sampleTimeoutMs: (policy: SloPolicy) => number;
  readonly webhooks: WebhookSettings;
  readonly fetch: WebhookFetch;
  readonly resolveHost: ResolveHost | undefined;
  /** The operator recorded for what the engine does by itself. */
  readonly operator: string;
  /** One running canary per model (unless `allowConcurrentPerModel`). */
  readonly exclusive: boolean;
  readonly bounds: PolicyBounds;
  readonly abortAnswerMs: number;
  readonly maxSamplesInFlight: number;
  readonly router: TrafficRouter;
  readonly report: (error: CanaryEngineError) => void;
  readonly ownership: CanaryOwnershipOptions | undefined;
}

/** No traffic router: a weight is recorded and published, no traffic moves. */
const NO_TRAFFIC_ROUTER: TrafficRouter = {
  kind: 'none',
  async check() {},
  async setWeight(_split, weight) {
    return { weight, attempts: 0, detail: 'no traffic router: weight recorded only' };
  },
};

const DEFAULT_ABORT_ANSWER_MS = 800;
// Enough for ten thousand canaries a second on a monitor answering within 25 ms; few enough that
// a burst of due samples does not open thousands of Prometheus queries at once.
const DEFAULT_MAX_SAMPLES_IN_FLIGHT = 256;

/** Checks `options` (`INVALID_ENGINE_OPTIONS`, `INVALID_WEBHOOK_SETTINGS`) and applies the defaults. */
export function resolveEngineOptions(options: CanaryEngineOptions): EngineSettings {
  checkEngineOptions(options);
  const fixedTimeoutMs = options.sampleTimeoutMs;
  return {
    store: options.store,
    monitor: options.monitor,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? createIdGenerator(),
    timers: options.timers ?? systemTimers,
    sampleTimeoutMs: (policy) =>
      fixedTimeoutMs ?? Math.max(1, Math.min(10_000, Math.round(policy.intervalSeconds * 800))),
    webhooks: options.webhooks ?? {},
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    resolveHost: options.resolveHost,
    operator: options.systemOperator ?? 'system',
    exclusive: !options.allowConcurrentPerModel,
    bounds: resolvePolicyBounds(options.policyBounds),
    abortAnswerMs: options.abortAnswerMs ?? DEFAULT_ABORT_ANSWER_MS,
    maxSamplesInFlight: options.maxSamplesInFlight ?? DEFAULT_MAX_SAMPLES_IN_FLIGHT,
    router: options.router ?? NO_TRAFFIC_ROUTER,
    report: options.onError ?? ((error: CanaryEngineError) => console.error(error.message)),
    ownership: options.ownership,
  };
}

function checkEngineOptions(options: CanaryEngineOptions): void {
  const { sampleTimeoutMs, abortAnswerMs, maxSamplesInFlight } = options;
  if (
    maxSamplesInFlight !== undefined &&
    !(Number.isInteger(maxSamplesInFlight) && maxSamplesInFlight >= 1)
  ) {
    throw new CanaryEngineError(
      'INVALID_ENGINE_OPTIONS',
      `maxSamplesInFlight must be a positive integer, got ${maxSamplesInFlight}`,
    );
  }
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
  const leaseMs = options.ownership?.leaseMs;
  if (leaseMs !== undefined && !(Number.isFinite(leaseMs) && leaseMs >= 1000)) {
    throw new CanaryEngineError(
      'INVALID_ENGINE_OPTIONS',
      `ownership.leaseMs must be at least 1000 milliseconds, got ${leaseMs}`,
    );
  }
}
