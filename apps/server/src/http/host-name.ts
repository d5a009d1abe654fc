import { isIP } from 'node:net';

/** A `Host` header split into its parts; IPv6 names keep their brackets (`[::1]`). */
export interface HostHeader {
  readonly hostname: string;
  readonly port: string | null;
}

// Strict on purpose: `evil@localhost` or `localhost/x` parse as "localhost" in URL, not here.
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;

/** Parses a `Host` header value (`name[:port]`, `[v6][:port]`); null for anything else. */
export function parseHostHeader(value: string): HostHeader | null {
  const match = HOST_HEADER.exec(value.trim().toLowerCase());
  if (!match?.[1]) return null;
  const hostname = match[1];
  if (hostname.startsWith('[') && isIP(hostname.slice(1, -1)) !== 6) return null;
  const port = match[2] ?? null;
  if (port !== null && Number(port) > 65_535) return null;
  return { hostname, port };
}

/** Normalizes a configured host (`name`, `name:port`, `::1`, `[::1]:80`) to its lower-case name, or null. */
export function normalizeHostName(raw: string): string | null {
  const value = raw.trim().toLowerCase();
  // A bare IPv6 address has several colons and no brackets.
  if (isIP(value) === 6) return `[${value}]`;
  return parseHostHeader(value)?.hostname ?? null;
}

/** True for names that only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(raw: string): boolean {
  const host = normalizeHostName(raw);
  if (host === null) return false;
  return host === 'localhost' || host === '[::1]' || (isIP(host) === 4 && host.startsWith('127.'));
}
