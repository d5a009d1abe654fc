import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Answers the address a request came from, for per-client limits. */
export type ClientAddress = (context: Context) => string;

/** Options of `clientAddressFrom`. */
export interface ClientAddressOptions {
  /** LUKHAS_TRUST_PROXY: believe the left-most `X-Forwarded-For` entry (only behind a proxy that sets it). */
  readonly trustProxy: boolean;
}

/** What requests without a socket (`app.request()` in tests) are counted as. */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client address: the socket's remote address, or with `trustProxy` the left-most
 * `X-Forwarded-For` entry when it is a valid IP (anything else falls back to the socket).
 *
 * @example const clientAddress = clientAddressFrom({ trustProxy: false }); clientAddress(context) // '203.0.113.7'
 */
export function clientAddressFrom(options: ClientAddressOptions): ClientAddress {
  return (context) => {
    if (options.trustProxy) {
      const forwarded = context.req.header('x-forwarded-for')?.split(',', 1)[0]?.trim() ?? '';
      const address = normalizeAddress(forwarded);
      if (address !== null) return address;
    }
    return normalizeAddress(socketAddress(context)) ?? UNKNOWN_CLIENT;
  };
}

function socketAddress(context: Context): string {
  try {
    return getConnInfo(context).remote.address ?? '';
  } catch {
    // No Node socket behind the request: app.request() in tests, or another runtime.
    return '';
  }
}

/** A valid IP in one spelling per client (`::ffff:1.2.3.4` is `1.2.3.4`), or null. */
function normalizeAddress(raw: string): string | null {
  const address = raw.toLowerCase();
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  return isIP(address) === 0 ? null : address;
}
