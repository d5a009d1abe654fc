/**
 * The traffic router the configuration names, probed before anything else starts: a router that
 * cannot be driven (HAProxy's socket missing, or not level admin) stops the start-up with a
 * `ConfigError` naming the variable, before the database is opened or anything is written.
 */
import {
  createTrafficRouter,
  isTrafficRouterError,
  type TrafficRouterAdapter,
  type TrafficRouterCallOutcome,
  type TrafficRouterSettings,
} from '@lukhas/traffic-router';
import type { CockpitConfig } from './config/index.ts';
import { ConfigError } from './config/index.ts';

/**
 * Builds the router (knobs: the canary webhooks' timeout, retries, backoff and secret), tells
 * `onCall` about each call it makes, and probes it. Rejects with a `ConfigError` (exit code 2).
 *
 * @example
 * const router = await openTrafficRouter(config, (call) => routerCalls.publish(call));
 * createCanaryEngine({ store, monitor, router });
 * // at shutdown: await router.close();
 */
export async function openTrafficRouter(
  config: Pick<CockpitConfig, 'trafficRouter' | 'webhooks'>,
  onCall: (call: TrafficRouterCallOutcome) => void,
): Promise<TrafficRouterAdapter> {
  const { timeoutMs, retries, backoffMs, secret } = config.webhooks;
  const knobs = {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(retries === undefined ? {} : { retries }),
    ...(backoffMs === undefined ? {} : { backoffMs }),
    ...(secret === undefined ? {} : { secret }),
  };
  let router: TrafficRouterAdapter;
  try {
    router = createTrafficRouter(config.trafficRouter, { knobs, onCall });
  } catch (error) {
    throw asConfigError(error);
  }
  try {
    await router.probe();
    return router;
  } catch (error) {
    await router.close();
    throw asConfigError(error);
  }
}

/** One line for the start-up log: which router, and where. */
export function describeTrafficRouter(settings: TrafficRouterSettings): string {
  switch (settings.kind) {
    case 'none':
      return 'traffic router: none (LUKHAS_TRAFFIC_ROUTER unset: step weights are recorded only)';
    case 'webhook':
      // Origin only: the path may carry a token.
      return `traffic router: webhook to ${new URL(settings.url).origin}/…`;
    case 'haproxy': {
      const { socket } = settings;
      const where = 'path' in socket ? socket.path : `${socket.host}:${socket.port}`;
      return `traffic router: haproxy at ${where} (backend ${settings.backend})`;
    }
  }
}

// The router's message already names the variable to fix (LUKHAS_HAPROXY_SOCKET: …).
function asConfigError(error: unknown): unknown {
  if (!isTrafficRouterError(error)) return error;
  return new ConfigError(error.message, { cause: error });
}
