import type { Timers } from '@lukhas/core';
import type { WebhookFetch, WebhookKnobs } from '@lukhas/webhooks';
import { createHaproxyRouter } from './haproxy-router.ts';
import { createHaproxyRuntime } from './haproxy-runtime.ts';
import { createNoRouter } from './no-router.ts';
import { observeTrafficRouter, type TrafficRouterCallOutcome } from './observe-traffic-router.ts';
import type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
import { TrafficRouterError } from './traffic-router-error.ts';
import { TRAFFIC_ROUTER_ENV, type TrafficRouterSettings } from './traffic-router-settings.ts';
import { createWebhookRouter } from './webhook-router.ts';

/** What the routers take from the server. */
export interface TrafficRouterDeps {
  /**
   * Timeout per attempt, retries, backoff (both routers) and the signing secret (the webhook): the
   * canary webhooks' knobs, so pass `webhookSettingsFromEnv(env)` from `@lukhas/canary-engine`.
   * Each left out takes `WEBHOOK_DEFAULTS`'s value.
   */
  readonly knobs?: WebhookKnobs;
  /** The webhook router's `fetch`; default the platform's. */
  readonly fetch?: WebhookFetch;
  readonly timers?: Timers;
  /** Told after each `probe`, `check` and `setWeight` how it went (the server's /metrics). */
  readonly onCall?: (outcome: TrafficRouterCallOutcome) => void;
}

/**
 * The traffic router `settings` name, as core's `TrafficRouter` port plus a start-up `probe()`.
 * Throws `INVALID_TRAFFIC_ROUTER_SETTINGS` for knobs that are not whole numbers in range.
 *
 * @example
 * const router = createTrafficRouter(parseTrafficRouterSettings(process.env), {
 *   knobs: webhookSettingsFromEnv(process.env),
 * });
 * await router.probe(); // the server refuses to start when HAProxy's socket cannot be reached
 */
export function createTrafficRouter(
  settings: TrafficRouterSettings,
  deps: TrafficRouterDeps = {},
): TrafficRouterAdapter {
  const router = buildRouter(settings, deps);
  return deps.onCall === undefined ? router : observeTrafficRouter(router, deps.onCall);
}

function buildRouter(settings: TrafficRouterSettings, deps: TrafficRouterDeps): TrafficRouterAdapter {
  const knobs = deps.knobs ?? {};
  checkKnobs(knobs);
  switch (settings.kind) {
    case 'none':
      return createNoRouter();
    case 'webhook':
      return createWebhookRouter({
        url: settings.url,
        knobs,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.timers ? { timers: deps.timers } : {}),
      });
    case 'haproxy':
      return createHaproxyRouter({
        runtime: createHaproxyRuntime({
          address: settings.socket,
          ...(knobs.timeoutMs === undefined ? {} : { timeoutMs: knobs.timeoutMs }),
          ...(deps.timers ? { timers: deps.timers } : {}),
        }),
        backend: settings.backend,
        ...(knobs.retries === undefined ? {} : { retries: knobs.retries }),
        ...(knobs.backoffMs === undefined ? {} : { backoffMs: knobs.backoffMs }),
        ...(deps.timers ? { timers: deps.timers } : {}),
        socketVariable: TRAFFIC_ROUTER_ENV.haproxySocket,
      });
  }
}

function checkKnobs(knobs: WebhookKnobs): void {
  const ranges = [
    ['timeoutMs', knobs.timeoutMs, 1],
    ['retries', knobs.retries, 0],
    ['backoffMs', knobs.backoffMs, 0],
  ] as const;
  for (const [name, value, minimum] of ranges) {
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
      throw new TrafficRouterError(
        'INVALID_TRAFFIC_ROUTER_SETTINGS',
        `knobs.${name} must be a whole number >= ${minimum}, got ${value}`,
      );
    }
  }
}
