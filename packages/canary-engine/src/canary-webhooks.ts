/**
 * A canary's webhooks: the confirm gate asked before a promotion is recorded, and the
 * notifications sent after a decision. Each outcome goes to the audit trail; a failed
 * notification never changes the decision.
 */
import type { CanaryDecision, CanaryRecord, Clock, TransitionRecorder } from '@lukhas/core';
import { type CanaryHook, webhookCalled } from '@lukhas/narrative';
import { CanaryEngineError, messageOf } from './canary-engine-error.ts';
import { postWebhook, type WebhookFetch, type WebhookOutcome } from './post-webhook.ts';
import type { Timers } from './timers.ts';
import { WEBHOOK_DEFAULTS, type WebhookSettings, webhookUrlsFor } from './webhook-settings.ts';

/** What the webhooks need from the engine. */
export interface CanaryWebhooksOptions {
  readonly store: Pick<TransitionRecorder, 'recordAudit'>;
  readonly settings: WebhookSettings;
  readonly fetch: WebhookFetch;
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
   * Asks the confirm hook, if one applies, before a promotion is recorded: `null` when none applies
   * or it answered 2xx, why the promotion is refused otherwise, `undefined` when `signal` aborted
   * first (nothing is audited then: the decision is made again at the next resume).
   */
  confirm(
    canary: CanaryRecord,
    decision: CanaryDecision,
    signal: AbortSignal,
  ): Promise<string | null | undefined>;
  /** Sends `on_promote` / `on_rollback` for a decided canary, in the background. */
  notify(decided: CanaryRecord): void;
  /** Resolves when no notification is in flight. */
  idle(): Promise<void>;
  /** Cuts short the notifications in flight (their outcome is audited as `aborted`). */
  stop(): Promise<void>;
}

/** The dispatcher over `options`. */
export function createCanaryWebhooks(options: CanaryWebhooksOptions): CanaryWebhookDispatcher {
  const { settings } = options;
  const lifetime = new AbortController();
  const inFlight = new Set<Promise<void>>();

  async function deliver(url: string, payload: WebhookPayload, signal: AbortSignal): Promise<WebhookOutcome> {
    const outcome = await postWebhook({
      url,
      payload,
      headers: { 'idempotency-key': `${payload.canaryId}:${payload.event}`, 'x-lukhas-event': payload.event },
      timeoutMs: settings.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
      retries: settings.retries ?? WEBHOOK_DEFAULTS.retries,
      backoffMs: settings.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
      ...(settings.secret ? { secret: settings.secret } : {}),
      fetch: options.fetch,
      timers: options.timers,
      signal,
    });
    return outcome;
  }

  async function audit(hook: CanaryHook, payload: WebhookPayload, outcome: WebhookOutcome): Promise<void> {
    const { ok, status, attempts, error } = outcome;
    const { canaryId, modelId } = payload;
    try {
      await options.store.recordAudit({
        at: options.clock.now(),
        operator: options.operator,
        entityType: 'canary',
        entityId: canaryId,
        modelId,
        audit: {
          action: 'canary.webhook',
          details: { hook, event: payload.event, ok, status, attempts, error },
        },
        narrative: {
          eventType: 'webhook',
          message: webhookCalled({ modelId, hook, status, error, attempts }),
          context: { canaryId, hook, ok, status, attempts },
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

  return {
    async confirm(canary, decision, signal) {
      const url = webhookUrlsFor(canary.webhooks, settings).confirmPromotion;
      if (url === undefined) return null;
      const payload = payloadOf(canary, decision, 'confirm_promotion');
      const outcome = await deliver(url, payload, signal);
      if (outcome.aborted) return undefined;
      await audit('confirm_promotion', payload, outcome);
      if (outcome.ok) return null;
      const attempts = `${outcome.attempts} ${outcome.attempts === 1 ? 'attempt' : 'attempts'}`;
      return outcome.error === null
        ? `confirm_promotion answered ${outcome.status ?? 'nothing'}`
        : `confirm_promotion failed after ${attempts}: ${outcome.error}`;
    },

    notify(decided) {
      if (decided.decision === null) return;
      const urls = webhookUrlsFor(decided.webhooks, settings);
      const promoted = decided.status === 'promoted';
      const url = promoted ? urls.onPromote : urls.onRollback;
      if (url === undefined) return;
      const hook: CanaryHook = promoted ? 'on_promote' : 'on_rollback';
      const payload = payloadOf(decided, decided.decision, promoted ? 'promoted' : 'rolled_back');
      const delivery = deliver(url, payload, lifetime.signal).then((outcome) =>
        audit(hook, payload, outcome),
      );
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
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
