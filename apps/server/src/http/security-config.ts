import { ConfigError } from '../config.ts';
import { isLoopbackHost, normalizeHostName } from './host-name.ts';

/** The HTTP security and limits knobs, read once at start. */
export interface SecurityConfig {
  /** LUKHAS_MCP_API_KEYS; empty means "no auth", which is only allowed on loopback. */
  readonly apiKeys: readonly string[];
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

/** Where the server listens, which decides what "loopback only" means. */
export interface SecurityConfigOptions {
  /** The interface the server binds (ServerConfig.host). */
  readonly bindHost: string;
}

const DEFAULT_RATE_LIMIT_WINDOW_MS = 10_000;
const DEFAULT_RATE_LIMIT_BUCKET = 60;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Reads and validates the security knobs; throws ConfigError (exit code 2 in main.ts) on bad values.
 *
 * @example loadSecurityConfig(process.env, { bindHost: config.host })
 */
export function loadSecurityConfig(env: NodeJS.ProcessEnv, options: SecurityConfigOptions): SecurityConfig {
  const apiKeys = parseApiKeys(env.LUKHAS_MCP_API_KEYS);
  const bindHost = options.bindHost.trim().toLowerCase();
  if (apiKeys.length === 0 && !isLoopbackHost(bindHost)) {
    throw new ConfigError(
      `refusing to listen on ${options.bindHost} without LUKHAS_MCP_API_KEYS: anyone who can reach it could drive production gates; set keys or listen on 127.0.0.1`,
    );
  }
  const extraHosts = commaList(env.LUKHAS_ALLOWED_HOSTS);
  const allowAnyHost = extraHosts.includes('*');
  if (allowAnyHost && apiKeys.length === 0) {
    // Without keys the Host check is the only thing between a rebinding web page and the cockpit.
    throw new ConfigError(`LUKHAS_ALLOWED_HOSTS='*' needs LUKHAS_MCP_API_KEYS: list the host names instead`);
  }
  const allowedHosts = new Set<string>(LOOPBACK_HOSTS);
  if (!ALL_INTERFACES.has(bindHost)) allowedHosts.add(hostNameOrThrow(bindHost, 'HOST'));
  for (const host of extraHosts) {
    if (host !== '*') allowedHosts.add(hostNameOrThrow(host, 'LUKHAS_ALLOWED_HOSTS'));
  }
  return {
    apiKeys,
    rateLimitWindowMs: positiveInteger(env, 'MCP_RL_WINDOW_MS', DEFAULT_RATE_LIMIT_WINDOW_MS),
    rateLimitBucket: positiveInteger(env, 'MCP_RL_BUCKET', DEFAULT_RATE_LIMIT_BUCKET),
    corsOrigins: commaList(env.LUKHAS_CORS_ORIGINS).map(parseOrigin),
    allowedHosts: [...allowedHosts],
    allowAnyHost,
    trustProxy: parseSwitch(env.LUKHAS_TRUST_PROXY, 'LUKHAS_TRUST_PROXY'),
    maxBodyBytes: positiveInteger(env, 'LUKHAS_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
  };
}

function commaList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function parseApiKeys(raw: string | undefined): string[] {
  const keys = commaList(raw);
  keys.forEach((key, index) => {
    // Never quote the key itself: error messages end up in logs.
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new ConfigError(
        `LUKHAS_MCP_API_KEYS entry ${index + 1} has spaces, control or non-ASCII characters: a client could not send it in a header`,
      );
    }
  });
  return keys;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
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
