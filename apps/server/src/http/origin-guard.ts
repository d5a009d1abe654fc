import type { Context, MiddlewareHandler } from 'hono';
import { parseHostHeader } from './host-name.ts';

/** Options of `originGuard`. */
export interface OriginGuardOptions {
  /** Origins other than the server's own that may call (LUKHAS_CORS_ORIGINS), as `scheme://host[:port]`. */
  readonly allowedOrigins: readonly string[];
  /** Host names the server answers to, any port (loopback names, the bind host, LUKHAS_ALLOWED_HOSTS). */
  readonly allowedHosts: readonly string[];
  /** LUKHAS_ALLOWED_HOSTS='*': accept any Host (the Origin check still applies). */
  readonly allowAnyHost?: boolean;
  /**
   * The refusal's body: a JSON-RPC error with no id (default; `/mcp` and `/sse` speak JSON-RPC) or,
   * for the other routes, `{"error":"forbidden","message":…}` like the server's other refusals.
   */
  readonly refusal?: 'json-rpc' | 'json';
}

/** Why a request was refused, as the refusal's message. */
const HOST_NOT_ALLOWED =
  'host not allowed: the Host header must name this cockpit (localhost, 127.0.0.1, [::1], the bind host or a LUKHAS_ALLOWED_HOSTS entry); this is DNS-rebinding protection';
const ORIGIN_NOT_ALLOWED =
  'origin not allowed: only pages served by this cockpit or from a LUKHAS_CORS_ORIGINS entry may call it';

/**
 * DNS-rebinding protection, as the MCP Streamable HTTP transport requires for `/mcp` and `/sse`
 * (and the server applies to every route when no API keys are set):
 * the `Host` must be one the server answers to, and an `Origin`, when sent, must be the server's own
 * or a configured one. Refusals are 403 with a JSON-RPC error and no id (or plain JSON, see `refusal`).
 * Requests without `Origin` (curl, SDK clients in Node) pass: only browsers send it, and must.
 *
 * @example app.use('/mcp', originGuard({ allowedOrigins: [], allowedHosts: ['localhost', '127.0.0.1', '[::1]'] }))
 */
export function originGuard(options: OriginGuardOptions): MiddlewareHandler {
  const allowedOrigins = new Set(options.allowedOrigins);
  const allowedHosts = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const forbidden = (context: Context, message: string): Response =>
    options.refusal === 'json'
      ? context.json({ error: 'forbidden', message }, 403)
      : // The JSON-RPC message stays the short, documented one (`host not allowed`) clients match on.
        context.json(
          { jsonrpc: '2.0', error: { code: -32000, message: message.split(':')[0] }, id: null },
          403,
        );
  return async function originGuard(context, next) {
    const hostHeader = context.req.header('host') ?? new URL(context.req.url).host;
    const host = parseHostHeader(hostHeader);
    if (host === null || !(options.allowAnyHost || allowedHosts.has(host.hostname))) {
      return forbidden(context, HOST_NOT_ALLOWED);
    }
    const origin = context.req.header('origin');
    if (
      origin !== undefined &&
      !allowedOrigins.has(origin) &&
      !isSameOrigin(origin, host.hostname, host.port)
    ) {
      return forbidden(context, ORIGIN_NOT_ALLOWED);
    }
    return next();
  };
}

function isSameOrigin(origin: string, hostname: string, port: string | null): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // An Origin header is exactly `scheme://host[:port]`; anything longer or opaque (`null`) is not one.
  if (url.origin !== origin.toLowerCase() || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return false;
  }
  // Host names no scheme: behind a TLS proxy the page is https while this server sees http, so
  // compare name and port only (a missing port is the Origin scheme's default).
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  return url.hostname === hostname && (url.port || defaultPort) === (port ?? defaultPort);
}
