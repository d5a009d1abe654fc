/**
 * The OAuth scopes of the cockpit and how they map onto its access scopes: `cockpit:read` →
 * `read`, `cockpit:operate` → `read` + `operate` (an operator who may start a canary may also look
 * at it). Other scopes in a token are ignored.
 */
import type { AccessScope } from '../access/index.ts';

/** The scopes the protected-resource metadata advertises (`scopes_supported`). */
export const OAUTH_SCOPES = ['cockpit:read', 'cockpit:operate'] as const;

/** One of {@link OAUTH_SCOPES}. */
export type OAuthScope = (typeof OAUTH_SCOPES)[number];

/** The OAuth scope a step-up asks for, for each access scope a check may need. */
export const OAUTH_SCOPE_FOR: Readonly<Record<AccessScope, OAuthScope>> = {
  read: 'cockpit:read',
  operate: 'cockpit:operate',
};

const GRANTS: Readonly<Record<OAuthScope, readonly AccessScope[]>> = {
  'cockpit:read': ['read'],
  'cockpit:operate': ['read', 'operate'],
};

/**
 * The access scopes a token's claims grant: from `scope` (a space-separated string, RFC 9068) or
 * `scp` (an array or a string, as some servers write it). Any run of whitespace separates, so a
 * scope string with odd separators still reads the same; anything not a string grants nothing.
 *
 * @example accessScopesOf({ scope: 'openid cockpit:operate' }) // ['read', 'operate']
 */
export function accessScopesOf(claims: Readonly<Record<string, unknown>>): AccessScope[] {
  const granted = new Set<AccessScope>();
  for (const name of [...scopeNames(claims.scope), ...scopeNames(claims.scp)]) {
    if (Object.hasOwn(GRANTS, name)) {
      for (const scope of GRANTS[name as OAuthScope]) granted.add(scope);
    }
  }
  return (['read', 'operate'] as const).filter((scope) => granted.has(scope));
}

function scopeNames(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((name) => name.length > 0);
  if (Array.isArray(value)) return value.filter((name): name is string => typeof name === 'string');
  return [];
}
