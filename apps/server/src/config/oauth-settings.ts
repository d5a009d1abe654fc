/**
 * The OAuth 2.1 resource-server variables: which authorization server's tokens `/mcp` accepts and
 * for which resource. Unset `LUKHAS_OAUTH_ISSUER` means API keys only. The issuer's metadata and
 * keys are fetched at start (`openOAuthResourceServer`), not here: this only reads the variables.
 */
import { ConfigError } from './config-error.ts';

/** The variables {@link parseOAuthSettings} reads. */
export const OAUTH_ENV = {
  issuer: 'LUKHAS_OAUTH_ISSUER',
  audience: 'LUKHAS_OAUTH_AUDIENCE',
  clockTolerance: 'LUKHAS_OAUTH_CLOCK_TOLERANCE_SECONDS',
  jwksCooldown: 'LUKHAS_OAUTH_JWKS_COOLDOWN_SECONDS',
  publicUrl: 'LUKHAS_PUBLIC_URL',
} as const;

/** How bearer tokens are checked; read once at start. */
export interface OAuthSettings {
  /** LUKHAS_OAUTH_ISSUER: the authorization server, exactly as its tokens' `iss` names it. */
  readonly issuer: string;
  /** LUKHAS_PUBLIC_URL + `/mcp`: the protected resource (RFC 8707), advertised in the metadata. */
  readonly resource: string;
  /** Where the protected-resource metadata (RFC 9728) is served, for `resource_metadata="…"`. */
  readonly resourceMetadataUrl: string;
  /** The `aud` values accepted: LUKHAS_OAUTH_AUDIENCE (comma-separated) or, by default, the resource. */
  readonly audiences: readonly string[];
  /** LUKHAS_OAUTH_CLOCK_TOLERANCE_SECONDS (default 30): slack on `exp`/`nbf` for clock skew. */
  readonly clockToleranceSeconds: number;
  /**
   * LUKHAS_OAUTH_JWKS_COOLDOWN_SECONDS (default 30): the least time between two JWKS fetches, so
   * tokens with made-up `kid`s cannot make the cockpit hammer the issuer; a rotated key is picked
   * up on the first token that names it once this long has passed since the last fetch.
   */
  readonly jwksCooldownSeconds: number;
}

const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
const DEFAULT_JWKS_COOLDOWN_SECONDS = 30;

/**
 * The OAuth settings, or null when LUKHAS_OAUTH_ISSUER is unset. `publicUrl` is LUKHAS_PUBLIC_URL
 * as its own parser (the notification settings) read it: null when unset, undefined when that
 * parser refused it (already reported). Throws a {@link ConfigError} naming every bad variable.
 *
 * @example
 * parseOAuthSettings({ LUKHAS_OAUTH_ISSUER: 'https://auth.example.com' }, { publicUrl: 'https://cockpit.example.com' })
 * // { issuer: 'https://auth.example.com', resource: 'https://cockpit.example.com/mcp', … }
 */
export function parseOAuthSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly publicUrl: string | null | undefined },
): OAuthSettings | null {
  const rawIssuer = textOf(env, OAUTH_ENV.issuer);
  if (rawIssuer === undefined) return null;
  const problems: string[] = [];
  const issuer = checkIssuer(rawIssuer, problems);
  if (options.publicUrl === null) {
    problems.push(
      `${OAUTH_ENV.issuer} needs ${OAUTH_ENV.publicUrl}: the resource its tokens are issued for is <${OAUTH_ENV.publicUrl}>/mcp`,
    );
  }
  const base = options.publicUrl ?? 'http://invalid';
  const resource = `${base}/mcp`;
  const audiences = commaList(textOf(env, OAUTH_ENV.audience));
  const clockToleranceSeconds = seconds(env, OAUTH_ENV.clockTolerance, DEFAULT_CLOCK_TOLERANCE_SECONDS, {
    min: 0,
    max: 600,
    problems,
  });
  const jwksCooldownSeconds = seconds(env, OAUTH_ENV.jwksCooldown, DEFAULT_JWKS_COOLDOWN_SECONDS, {
    min: 0,
    max: 3600,
    problems,
  });
  if (problems.length > 0) throw new ConfigError(problems.join('; '), { problems });
  return {
    issuer,
    resource,
    resourceMetadataUrl: `${base}/.well-known/oauth-protected-resource`,
    audiences: audiences.length > 0 ? audiences : [resource],
    clockToleranceSeconds,
    jwksCooldownSeconds,
  };
}

// The issuer is compared with `iss` as a string (RFC 8414 §3.3), so it is kept as written, less a
// trailing slash only when the whole path is `/` (how `new URL` would print a bare origin).
function checkIssuer(raw: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${OAUTH_ENV.issuer} must be an https URL like https://auth.example.com, got "${raw}"`);
    return raw;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(`${OAUTH_ENV.issuer} must be an https URL (http only on loopback), got "${raw}"`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    problems.push(`${OAUTH_ENV.issuer} must have no query, fragment or credentials`);
  }
  return raw;
}

function seconds(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  options: { readonly min: number; readonly max: number; readonly problems: string[] },
): number {
  const raw = textOf(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < options.min || value > options.max) {
    options.problems.push(
      `${name} must be a number of seconds from ${options.min} to ${options.max}, got "${raw}"`,
    );
    return fallback;
  }
  return value;
}

function textOf(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function commaList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}
