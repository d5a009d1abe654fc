/**
 * Which traffic router the server uses, from its environment (SPEC "Progressive delivery"). The
 * delivery knobs of the webhook router (secret, retries, backoff, timeout) are the canary
 * webhooks' own `LUKHAS_CANARY_WEBHOOK_*`: they are passed to `createTrafficRouter` as `knobs`.
 */
import { isHaproxyName } from './haproxy-router.ts';
import type { HaproxyAddress } from './haproxy-runtime.ts';
import { TrafficRouterError } from './traffic-router-error.ts';

/** The router to build, validated. */
export type TrafficRouterSettings =
  /** No router: weights are recorded and published only. */
  | { readonly kind: 'none' }
  /** POST each weight to `url`. */
  | { readonly kind: 'webhook'; readonly url: string }
  /**
   * Drive HAProxy's runtime API at `socket`. `backend` is the backend's name, `{model}` standing
   * for the model id; its servers are named after the gates.
   */
  | { readonly kind: 'haproxy'; readonly socket: HaproxyAddress; readonly backend: string };

/** The environment variables {@link parseTrafficRouterSettings} reads. */
export const TRAFFIC_ROUTER_ENV = {
  router: 'LUKHAS_TRAFFIC_ROUTER',
  webhookUrl: 'LUKHAS_TRAFFIC_WEBHOOK_URL',
  haproxySocket: 'LUKHAS_HAPROXY_SOCKET',
  haproxyBackend: 'LUKHAS_HAPROXY_BACKEND',
} as const;

/** The backend name when `LUKHAS_HAPROXY_BACKEND` is unset: the model id itself. */
export const HAPROXY_BACKEND_DEFAULT = '{model}';

/**
 * The traffic router settings from environment variables (blank ones count as unset); throws
 * `INVALID_TRAFFIC_ROUTER_SETTINGS` naming the variable that cannot be used. Pure: reads only `env`.
 *
 * @example
 * const router = createTrafficRouter(parseTrafficRouterSettings(process.env), {
 *   knobs: webhookSettingsFromEnv(process.env),
 * });
 */
export function parseTrafficRouterSettings(
  env: Readonly<Record<string, string | undefined>>,
): TrafficRouterSettings {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = (name: string, router: string) => {
    const value = text(name);
    if (value === undefined) throw invalid(`${name} must be set when ${TRAFFIC_ROUTER_ENV.router}=${router}`);
    return value;
  };
  const kind = text(TRAFFIC_ROUTER_ENV.router)?.toLowerCase();
  switch (kind) {
    case undefined:
    case 'none':
      return { kind: 'none' };
    case 'webhook': {
      const url = required(TRAFFIC_ROUTER_ENV.webhookUrl, kind);
      // The URL is not echoed: it may carry a token.
      if (!isHttpUrl(url)) throw invalid(`${TRAFFIC_ROUTER_ENV.webhookUrl} must be an http(s) URL`);
      return { kind, url };
    }
    case 'haproxy': {
      const socket = parseHaproxyAddress(required(TRAFFIC_ROUTER_ENV.haproxySocket, kind));
      if (socket === undefined) {
        throw invalid(
          `${TRAFFIC_ROUTER_ENV.haproxySocket} must be a unix socket path (with a "/") or host:port, got "${text(TRAFFIC_ROUTER_ENV.haproxySocket)}"`,
        );
      }
      const backend = text(TRAFFIC_ROUTER_ENV.haproxyBackend) ?? HAPROXY_BACKEND_DEFAULT;
      const fixedPart = backend.replaceAll('{model}', '');
      if (fixedPart !== '' && !isHaproxyName(fixedPart)) {
        throw invalid(
          `${TRAFFIC_ROUTER_ENV.haproxyBackend} may hold only letters, digits, "_", ".", ":", "-" and {model}, got "${backend}"`,
        );
      }
      return { kind, socket, backend };
    }
    default:
      throw invalid(
        `${TRAFFIC_ROUTER_ENV.router} must be "webhook" or "haproxy" (or unset for none), got "${text(TRAFFIC_ROUTER_ENV.router)}"`,
      );
  }
}

/**
 * A runtime API address as HAProxy's own `stats socket` line spells it: a unix socket path (it has
 * a `/`; `unix@` allowed) or `host:port` (`ipv4@`/`ipv6@` allowed, IPv6 in brackets); undefined
 * when it is neither.
 */
export function parseHaproxyAddress(text: string): HaproxyAddress | undefined {
  const value = text.trim();
  if (value.startsWith('unix@')) return value.length > 5 ? { path: value.slice(5) } : undefined;
  const tcp = value.replace(/^ipv[46]@/, '');
  if (tcp === value && value.includes('/')) return { path: value };
  const match = /^\[([^\]]+)\]:(\d{1,5})$/.exec(tcp) ?? /^([^:/\s[\]]+):(\d{1,5})$/.exec(tcp);
  const port = Number(match?.[2]);
  if (match?.[1] === undefined || !(port >= 1 && port <= 65_535)) return undefined;
  return { host: match[1], port };
}

function invalid(message: string): TrafficRouterError {
  return new TrafficRouterError('INVALID_TRAFFIC_ROUTER_SETTINGS', message);
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
