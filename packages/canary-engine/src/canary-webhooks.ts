/**
 * A canary's webhooks: the confirm gate asked before a promotion is recorded, and the
 * notifications sent after a decision. Each outcome goes to the audit trail; a failed
 * notification never changes the decision.
 */
import type {
  CanaryDecision,
  CanaryRecord,
  CanaryWebhooks,
  Clock,
  OutboxMessage,
  OutboxSettlement,
  OutboxStore,
  TransitionRecorder,
} from '@lukhas/core';
import { type CanaryHook, webhookCalled } from '@lukhas/narrative';
import { postWebhook, type WebhookFetch, type WebhookOutcome } from '@lukhas/webhooks';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import type { Timers } from './timers.ts';
import { WEBHOOK_DEFAULTS, type WebhookSettings } from './webhook-settings.ts';
import {
  checkWebhookTarget,
  parseWebhookAllowList,
  type ResolveHost,
  redactWebhookUrl,
  type WebhookAllowList,
} from './webhook-targets.ts';

/** What the webhooks need from the engine. */
export interface CanaryWebhooksOptions {
  /** `settleOutbox` when the store keeps an outbox: each attempt's outcome is settled there. */
  readonly store: Pick<TransitionRecorder, 'recordAudit'> & Partial<Pick<OutboxStore, 'settleOutbox'>>;
  readonly settings: WebhookSettings;
  readonly fetch: WebhookFetch;
  /** Resolves the host names of per-canary URLs before each call (see `webhook-targets.ts`). */
  readonly resolveHost?: ResolveHost | undefined;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly operator: string;
  readonly report: (error: CanaryEngineError) => void;
}

/** The body every hook receives. `event` is `confirm_promotion`, `promoted` or `rolled_back`. */
export interface WebhookPayload {
  readonly event: 'confirm_promotion' | 'promoted' | 'rolled_back';
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly rule: CanaryDecision['rule'];
  readonly reason: string;
  readonly decidedAt: string;
}

/** The engine's webhook deliveries. */
export interface CanaryWebhookDispatcher {
  /**
   * Why a canary's own webhook URLs may not be called (`webhooks.onRollback is refused: …`), or
   * null when each is allowed; asked before a canary is stored.
   */
  refusal(webhooks: CanaryWebhooks | null): Promise<string | null>;
  /**
   * Asks the confirm hook, if one applies, before a promotion is recorded: `null` when none applies
   * or it answered 2xx, why the promotion is refused otherwise, `undefined` when `signal` aborted
   * first (nothing is audited then: the decision is made again at the next resume).
   */
  confirm(
    canary: CanaryRecord,
    decision: CanaryDecision,
    signal: AbortSignal,
  ): Promise<string | null | undefined>;
  /**
   * The `on_promote` / `on_rollback` call a decided canary owes, for the decision's transaction to
   * store in the outbox; undefined when no hook applies.
   */
  messageFor(decided: CanaryRecord): OutboxMessage | undefined;
  /**
   * Sends `on_promote` / `on_rollback` for a decided canary, in the background, right after its
   * decision committed, and settles its outbox message (a failure is retried by a relay).
   */
  notify(decided: CanaryRecord): void;
  /**
   * Delivers a stored message of kind {@link CANARY_WEBHOOK_KIND} again (a relay's attempt, which
   * settles the outcome itself); undefined when stopped first.
   */
  redeliver(message: OutboxMessage): Promise<OutboxSettlement | undefined>;
  /** Resolves when no notification is in flight. */
  idle(): Promise<void>;
  /** Cuts short the notifications in flight (their outcome is audited as `aborted`). */
  stop(): Promise<void>;
}

/** The outbox kind of a decided canary's webhook. */
export const CANARY_WEBHOOK_KIND = 'canary.webhook';

/** What the outbox keeps of a webhook call: never the operator's URL (it may carry a token). */
interface StoredWebhookCall {
  readonly hook: 'on_promote' | 'on_rollback';
  /** The canary's own URL; null for the operator's global one, read from the settings at delivery. */
  readonly ownUrl: string | null;
  readonly body: WebhookPayload;
}

/** The dispatcher over `options`. */
export function createCanaryWebhooks(options: CanaryWebhooksOptions): CanaryWebhookDispatcher {
  const { settings, resolveHost } = options;
  const allowList: WebhookAllowList = parseWebhookAllowList(settings.allow ?? [], 'webhooks.allow');
  const timeoutMs = settings.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  const lifetime = new AbortController();
  const inFlight = new Set<Promise<void>>();

  // The URL of `hook` for `canary`: its own (checked against the allow-list before every call), else
  // the operator's global one (called as configured).
  function targetOf(canary: CanaryRecord, hook: keyof CanaryWebhooks): Target | undefined {
    const own = canary.webhooks?.[hook];
    if (own !== undefined && own !== '') return { url: own, own: true };
    const global = settings[hook];
    return global === undefined || global === '' ? undefined : { url: global, own: false };
  }

  async function deliver(target: Target, payload: WebhookPayload, signal: AbortSignal): Promise<Delivery> {
    if (target.own) {
      const refused = await withDeadline(checkWebhookTarget(target.url, { allowList, resolveHost }));
      if (refused !== null) return { refused };
    }
    const outcome = await postWebhook({
      url: target.url,
      payload,
      headers: { 'idempotency-key': keyOf(payload), 'x-lukhas-event': payload.event },
      timeoutMs,
      retries: settings.retries ?? WEBHOOK_DEFAULTS.retries,
      backoffMs: settings.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
      ...(settings.secret ? { secret: settings.secret } : {}),
      fetch: options.fetch,
      timers: options.timers,
      signal,
    });
    return { outcome };
  }

  // A resolver that hangs must not hold a decision: it gets one attempt's timeout.
  function withDeadline(check: Promise<string | null>): Promise<string | null> {
    return new Promise((resolve) => {
      const handle = options.timers.setTimeout(
        () => resolve(`its host did not resolve within ${timeoutMs}ms`),
        timeoutMs,
      );
      void check.then((verdict) => {
        options.timers.clearTimeout(handle);
        resolve(verdict);
      });
    });
  }

  async function audit(
    hook: CanaryHook,
    payload: WebhookPayload,
    target: Target,
    delivery: Delivery,
  ): Promise<void> {
    const { canaryId, modelId } = payload;
    const { outcome: result, failure, attempts } = summaryOf(delivery);
    const ok = result === 'delivered';
    if (!ok) {
      // The operator's log keeps what the audit and the narrative leave out (never the path or query).
      const detail =
        'refused' in delivery
          ? `refused: ${delivery.refused}`
          : `failed after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}: ${delivery.outcome.error ?? `answered ${delivery.outcome.status}`}`;
      options.report(
        new CanaryEngineError(
          'WEBHOOK_FAILED',
          `canary ${canaryId}: webhook ${hook} to ${redactWebhookUrl(target.url)} ${detail}`,
          { canaryId },
        ),
      );
    }
    try {
      await options.store.recordAudit({
        at: options.clock.now(),
        operator: options.operator,
        entityType: 'canary',
        entityId: canaryId,
        modelId,
        audit: {
          action: 'canary.webhook',
          details: { hook, event: payload.event, ok, outcome: result, failure, attempts },
        },
        narrative: {
          eventType: 'webhook',
          message: webhookCalled({ modelId, hook, outcome: result, failure, attempts }),
          context: { canaryId, hook, ok, outcome: result, attempts },
        },
      });
    } catch (caught) {
      options.report(
        new CanaryEngineError(
          'WEBHOOK_NOT_AUDITED',
          `webhook ${hook} of canary ${canaryId} ${ok ? 'succeeded' : 'failed'}, but its outcome could not be audited: ${messageOf(caught)}`,
          { canaryId, cause: caught },
        ),
      );
    }
  }

  // The call a decided canary owes, if a hook applies.
  function callOf(decided: CanaryRecord): StoredWebhookCall | undefined {
    if (decided.decision === null) return undefined;
    const promoted = decided.status === 'promoted';
    const target = targetOf(decided, promoted ? 'onPromote' : 'onRollback');
    if (target === undefined) return undefined;
    return {
      hook: promoted ? 'on_promote' : 'on_rollback',
      ownUrl: target.own ? target.url : null,
      body: payloadOf(decided, decided.decision, promoted ? 'promoted' : 'rolled_back'),
    };
  }

  // One attempt (with postWebhook's own retries), audited, and settled in the outbox when asked
  // (the writer's own attempt; a relay settles its attempts itself); undefined when the engine
  // stopped first (left for the next attempt).
  async function attempt(
    call: StoredWebhookCall,
    how: { readonly settle: boolean },
  ): Promise<OutboxSettlement | undefined> {
    const url = call.ownUrl ?? settings[call.hook === 'on_promote' ? 'onPromote' : 'onRollback'];
    let settlement: OutboxSettlement;
    if (url === undefined || url === '') {
      settlement = { outcome: 'given_up', error: `no ${call.hook} URL is configured any more` };
    } else {
      const target: Target = { url, own: call.ownUrl !== null };
      const delivery = await deliver(target, call.body, lifetime.signal);
      if ('outcome' in delivery && delivery.outcome.aborted) return undefined;
      await audit(call.hook, call.body, target, delivery);
      settlement = settlementOf(delivery);
    }
    return how.settle ? settle(call, settlement) : settlement;
  }

  async function settle(call: StoredWebhookCall, settlement: OutboxSettlement): Promise<OutboxSettlement> {
    try {
      await options.store.settleOutbox?.(keyOf(call.body), { ...settlement, at: options.clock.now() });
    } catch (caught) {
      // Unsettled, the message is attempted again once its hand-off or lease ends: at least once.
      options.report(
        new CanaryEngineError(
          'WEBHOOK_NOT_AUDITED',
          `webhook ${call.hook} of canary ${call.body.canaryId}: its outbox entry could not be settled: ${messageOf(caught)}`,
          { canaryId: call.body.canaryId, cause: caught },
        ),
      );
    }
    return settlement;
  }

  return {
    async refusal(webhooks) {
      for (const hook of ['onPromote', 'onRollback', 'confirmPromotion'] as const) {
        const url = webhooks?.[hook];
        if (url === undefined || url === '') continue;
        const refused = await withDeadline(checkWebhookTarget(url, { allowList, resolveHost }));
        if (refused !== null) return `webhooks.${hook} is refused: ${refused}`;
      }
      return null;
    },

    async confirm(canary, decision, signal) {
      const target = targetOf(canary, 'confirmPromotion');
      if (target === undefined) return null;
      const payload = payloadOf(canary, decision, 'confirm_promotion');
      const delivery = await deliver(target, payload, signal);
      if ('outcome' in delivery && delivery.outcome.aborted) return undefined;
      await audit('confirm_promotion', payload, target, delivery);
      const summary = summaryOf(delivery);
      if (summary.outcome === 'delivered') return null;
      if (summary.outcome === 'refused') return `confirm_promotion refused: ${summary.failure}`;
      const attempts = `${summary.attempts} ${summary.attempts === 1 ? 'attempt' : 'attempts'}`;
      // A final answer (4xx) is the hook saying no; anything else is the hook not saying yes.
      return 'outcome' in delivery && delivery.outcome.error === null
        ? `confirm_promotion answered ${summary.failure}`
        : `confirm_promotion failed after ${attempts}: ${summary.failure}`;
    },

    messageFor: (decided) => {
      const call = callOf(decided);
      return call === undefined
        ? undefined
        : { kind: CANARY_WEBHOOK_KIND, key: keyOf(call.body), payload: call };
    },

    notify(decided) {
      const call = callOf(decided);
      if (call === undefined) return;
      const delivery = attempt(call, { settle: true }).then(() => undefined);
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
    },

    async redeliver(message) {
      const call = message.payload as StoredWebhookCall | null;
      if (call === null || typeof call !== 'object' || call.body === undefined) {
        return { outcome: 'given_up', error: 'unreadable webhook message' };
      }
      const delivery = attempt(call, { settle: false });
      const tracked = delivery.then(() => undefined);
      inFlight.add(tracked);
      void tracked.finally(() => inFlight.delete(tracked));
      return delivery;
    },

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    async stop() {
      lifetime.abort(new Error('canary engine stopped'));
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** A hook's URL and whether it is the canary's own (checked) or the operator's global one. */
interface Target {
  readonly url: string;
  readonly own: boolean;
}

/** A call made (with its outcome), or not made because the target is not allowed (with why). */
type Delivery = { readonly outcome: WebhookOutcome } | { readonly refused: string };

/** The idempotency key of a call, the same on every attempt and every replica. */
function keyOf(payload: WebhookPayload): string {
  return `${payload.canaryId}:${payload.event}`;
}

/** Worth another attempt, or final: a refused target and a final answer (3xx, most 4xx) are. */
function settlementOf(delivery: Delivery): OutboxSettlement {
  if ('refused' in delivery) return { outcome: 'given_up', error: 'target not allowed' };
  const { ok, status, failure } = delivery.outcome;
  if (ok) return { outcome: 'delivered' };
  const final = status !== null && status < 500 && status !== 408 && status !== 429;
  return { outcome: final ? 'given_up' : 'retry', error: failure ?? 'not delivered' };
}

/** What audits and narrative lines say of a delivery: an outcome and a class, never the detail. */
function summaryOf(delivery: Delivery): {
  outcome: 'delivered' | 'failed' | 'refused';
  failure: string | null;
  attempts: number;
} {
  if ('refused' in delivery) return { outcome: 'refused', failure: 'target not allowed', attempts: 0 };
  const { ok, failure, attempts } = delivery.outcome;
  return { outcome: ok ? 'delivered' : 'failed', failure, attempts };
}

function payloadOf(
  canary: CanaryRecord,
  decision: Pick<CanaryDecision, 'rule' | 'reason'> & { decidedAt?: number },
  event: WebhookPayload['event'],
): WebhookPayload {
  const decidedAt =
    decision.decidedAt === undefined ? (canary.decidedAt ?? '') : new Date(decision.decidedAt).toISOString();
  const { canaryId, modelId, fromGate, toGate } = canary;
  return {
    event,
    canaryId,
    modelId,
    fromGate,
    toGate,
    rule: decision.rule,
    reason: decision.reason,
    decidedAt,
  };
}
