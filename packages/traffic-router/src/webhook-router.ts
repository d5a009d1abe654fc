/**
 * The webhook router: each weight is POSTed to the operator's endpoint, which moves the traffic
 * itself (a service mesh, a load balancer's API, a deploy bot). Delivered like the canary webhooks
 * (`@lukhas/webhooks`): signed, retried with backoff, a timeout per attempt.
 */
import { type RouterCall, systemTimers, type Timers, type TrafficSplit } from '@lukhas/core';
import { postWebhook, WEBHOOK_DEFAULTS, type WebhookFetch, type WebhookKnobs } from '@lukhas/webhooks';
import { createRouterLifetime } from './router-lifetime.ts';
import type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
import { TrafficRouterError } from './traffic-router-error.ts';
import { checkTrafficWeight } from './traffic-weight.ts';

/** What the webhook router needs. */
export interface WebhookRouterOptions {
  /** The operator's endpoint (`LUKHAS_TRAFFIC_WEBHOOK_URL`). */
  readonly url: string;
  /** Secret, retries, backoff and timeout: the canary webhooks' knobs (`LUKHAS_CANARY_WEBHOOK_*`). */
  readonly knobs?: WebhookKnobs;
  readonly fetch?: WebhookFetch;
  readonly timers?: Timers;
}

/** The body of each call. */
export interface TrafficWebhookPayload {
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  /** The percentage of the model's traffic `toGate` gets; `fromGate` gets the rest. */
  readonly weight: number;
}

/**
 * A router that POSTs `{canaryId, modelId, fromGate, toGate, weight}` with the call's
 * `Idempotency-Key` (the same on every retry, so the endpoint applies a step once). Any 2xx is
 * success; a call that still fails after its retries rejects `ROUTER_UNREACHABLE` (no answer) or
 * `ROUTER_REFUSED` (an answer other than 2xx), naming the failure class only: the exact socket error
 * is in the error's `cause`.
 */
export function createWebhookRouter(options: WebhookRouterOptions): TrafficRouterAdapter {
  const knobs = options.knobs ?? {};
  const fetch = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const lifetime = createRouterLifetime('webhook');
  return {
    kind: 'webhook',
    async probe() {},
    async check() {},
    async setWeight(split, weight, { idempotencyKey, signal }) {
      checkTrafficWeight(weight, 'webhook');
      return lifetime.run(signal, (callSignal) => post(split, weight, idempotencyKey, callSignal));
    },
    close: lifetime.close,
  };

  // One call: POSTed, retried, and its outcome turned into the router's answer or error.
  async function post(
    split: TrafficSplit,
    weight: number,
    idempotencyKey: string,
    callSignal: AbortSignal,
  ): Promise<RouterCall> {
    const { canaryId, modelId, fromGate, toGate } = split;
    const payload: TrafficWebhookPayload = { canaryId, modelId, fromGate, toGate, weight };
    const outcome = await postWebhook({
      url: options.url,
      payload,
      headers: { 'idempotency-key': idempotencyKey, 'x-lukhas-event': 'traffic_weight' },
      timeoutMs: knobs.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
      retries: knobs.retries ?? WEBHOOK_DEFAULTS.retries,
      backoffMs: knobs.backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
      ...(knobs.secret ? { secret: knobs.secret } : {}),
      fetch,
      timers: options.timers ?? systemTimers,
      signal: callSignal,
    });
    const { attempts } = outcome;
    if (outcome.ok) return { weight, attempts, detail: `webhook answered ${outcome.status}` };
    const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
    const cause = new Error(outcome.error ?? `answered ${outcome.status}`);
    if (outcome.aborted) {
      throw new TrafficRouterError('ROUTER_ABORTED', `traffic webhook aborted after ${tries}`, {
        router: 'webhook',
        attempts,
        cause: callSignal.reason,
      });
    }
    if (outcome.status === null) {
      throw new TrafficRouterError(
        'ROUTER_UNREACHABLE',
        `traffic webhook failed after ${tries}: ${outcome.failure}`,
        { router: 'webhook', attempts, cause },
      );
    }
    throw new TrafficRouterError(
      'ROUTER_REFUSED',
      `traffic webhook answered ${outcome.failure} after ${tries}`,
      {
        router: 'webhook',
        attempts,
        cause,
      },
    );
  }
}
