/**
 * The HTTP security and limits variables: who may call (API keys, hosts, origins), how often, and
 * how much. The keys themselves are parsed by `parseApiKeys`; this decides what they allow.
 */
import { isLoopbackHost, normalizeHostName } from '../http/host-name.ts';
import type { ApiKey } from './api-keys.ts';
import { ConfigError } from './config-error.ts';
import { createConfigIssues } from './config-issues.ts';
import type { OAuthSettings } from './oauth-settings.ts';

/** The HTTP security and limits knobs, read once at start. */
export interface SecurityConfig {
  /** LUKHAS_MCP_API_KEYS with each key's scopes; empty means "no auth", which is only allowed on loopback. */
  readonly apiKeys: readonly ApiKey[];
  /** MCP_RL_WINDOW_MS: how long an empty bucket takes to refill completely. */
  readonly rateLimitWindowMs: number;
  /** MCP_RL_BUCKET: requests per address per window (the bucket's capacity). */
  readonly rateLimitBucket: number;
  /** LUKHAS_CORS_ORIGINS, each normalized to `scheme://host[:port]`. */
  readonly corsOrigins: readonly string[];
  /** Host names `/mcp` answers to: loopback names, the bind host, LUKHAS_ALLOWED_HOSTS. */
  readonly allowedHosts: readonly string[];
  /** LUKHAS_ALLOWED_HOSTS='*': skip the Host check (only with API keys). */
  readonly allowAnyHost: boolean;
  /** LUKHAS_TRUST_PROXY: take the client address from the left-most X-Forwarded-For. */
  readonly trustProxy: boolean;
  /** LUKHAS_MAX_BODY_BYTES. */
  readonly maxBodyBytes: number;
}

/** What the security settings depend on, read before them. */
export interface SecurityConfigOptions {
  /** The interface the server binds (`ServerSettings.host`): it decides what "loopback only" means. */
  readonly bindHost: string;
  /**
   * From `parseApiKeys`; undefined when LUKHAS_MCP_API_KEYS itself is bad (that error is reported
   * already), which skips the checks that depend on whether keys are set.
   */
  readonly apiKeys: readonly ApiKey[] | undefined;
  /**
   * From `parseOAuthSettings`; an issuer counts as a credential like a key. Undefined when its
   * variables are bad (reported already); left out, no OAuth.
   */
  readonly oauth?: OAuthSettings | null | undefined;
}

const DEFAULT_RATE_LIMIT_WINDOW_MS = 10_000;
const DEFAULT_RATE_LIMIT_BUCKET = 60;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Reads and validates the security knobs; throws a {@link ConfigError} (exit code 2) naming every
 * bad variable.
 *
 * @example parseSecurityConfig(env, { bindHost: server.host, apiKeys: parseApiKeys(env) })
 */
export function parseSecurityConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: SecurityConfigOptions,
): SecurityConfig {
  const issues = createConfigIssues();
  const bindHost = options.bindHost.trim().toLowerCase();
  // A caller must prove who it is when keys or an OAuth issuer are set; an issuer whose settings
  // are bad counts as set (its error is reported already), so no second, misleading error.
  const keysSet =
    options.apiKeys === undefined
      ? undefined
      : options.apiKeys.length > 0 || ('oauth' in options && options.oauth !== null);
  if (keysSet === false && !isLoopbackHost(bindHost)) {
    issues.add(
      new ConfigError(
        `refusing to listen on ${options.bindHost} without LUKHAS_MCP_API_KEYS: anyone who can reach it could drive production gates; set keys or listen on 127.0.0.1`,
      ),
    );
  }
  const extraHosts = commaList(env.LUKHAS_ALLOWED_HOSTS);
  const allowAnyHost = extraHosts.includes('*');
  if (allowAnyHost && keysSet === false) {
    // Without keys the Host check is the only thing between a rebinding web page and the cockpit.
    issues.add(
      new ConfigError(`LUKHAS_ALLOWED_HOSTS='*' needs LUKHAS_MCP_API_KEYS: list the host names instead`),
    );
  }
  const allowedHosts = new Set<string>(LOOPBACK_HOSTS);
  if (!ALL_INTERFACES.has(bindHost)) {
    const host = issues.read(() => hostNameOrThrow(bindHost, 'HOST'));
    if (host !== undefined) allowedHosts.add(host);
  }
  for (const entry of extraHosts) {
    const host =
      entry === '*' ? undefined : issues.read(() => hostNameOrThrow(entry, 'LUKHAS_ALLOWED_HOSTS'));
    if (host !== undefined) allowedHosts.add(host);
  }
  return issues.complete({
    apiKeys: options.apiKeys ?? [],
    rateLimitWindowMs: issues.read(() =>
      positiveInteger(env, 'MCP_RL_WINDOW_MS', DEFAULT_RATE_LIMIT_WINDOW_MS),
    ),
    rateLimitBucket: issues.read(() => positiveInteger(env, 'MCP_RL_BUCKET', DEFAULT_RATE_LIMIT_BUCKET)),
    corsOrigins: issues.read(() => parseOrigins(env.LUKHAS_CORS_ORIGINS)),
    allowedHosts: [...allowedHosts],
    allowAnyHost,
    trustProxy: issues.read(() => parseSwitch(env.LUKHAS_TRUST_PROXY, 'LUKHAS_TRUST_PROXY')),
    maxBodyBytes: issues.read(() => positiveInteger(env, 'LUKHAS_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES)),
  });
}

function commaList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

// Every bad entry is named, not only the first.
function parseOrigins(raw: string | undefined): string[] {
  const issues = createConfigIssues();
  const origins: string[] = [];
  for (const entry of commaList(raw)) {
    const origin = issues.read(() => parseOrigin(entry));
    if (origin !== undefined) origins.push(origin);
  }
  return issues.complete({ origins }).origins;
}

function positiveInteger(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a whole number of at least 1, got "${raw}"`);
  }
  return value;
}

function parseSwitch(raw: string | undefined, name: string): boolean {
  const value = (raw ?? '').trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(value)) return false;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  throw new ConfigError(`${name} must be on or off (1/0, true/false, yes/no), got "${raw}"`);
}

function parseOrigin(raw: string): string {
  if (raw === '*') {
    throw new ConfigError(
      `LUKHAS_CORS_ORIGINS does not take '*': list the origins, e.g. https://ops.example.com`,
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`LUKHAS_CORS_ORIGINS entry "${raw}" is not an origin like https://ops.example.com`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null') {
    throw new ConfigError(`LUKHAS_CORS_ORIGINS entry "${raw}" must be an http(s) origin`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new ConfigError(`LUKHAS_CORS_ORIGINS entry "${raw}" must be scheme://host[:port] with no path`);
  }
  return url.origin;
}

function hostNameOrThrow(raw: string, name: string): string {
  const host = normalizeHostName(raw);
  if (host === null) throw new ConfigError(`${name} entry "${raw}" is not a host name`);
  return host;
}
