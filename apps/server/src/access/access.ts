/**
 * Who is calling and what they may do, resolved once per request by the security layer and read by
 * every check: the tools (through `defineTool`) and the routes (through `routeScope`). An API key
 * resolves to one, and so does an OAuth bearer token (`cockpit:read` → `read`, `cockpit:operate` →
 * `read` + `operate`), so no check needs to know how the caller signed in.
 */

/** The scopes, in the order the README lists them. */
export const ACCESS_SCOPES = ['read', 'operate'] as const;

/**
 * What a caller may do: `read` (search, fetch, get_*, list_*, why, why_math, /sse, /metrics, the
 * evidence export), `operate` (run_eval, cancel_job, start_canary, abort_canary, promote_canary).
 */
export type AccessScope = (typeof ACCESS_SCOPES)[number];

/** The caller of one request. */
export interface Access {
  /** The audit label (`key:1a2b3c4d`, `oauth:<sub>`, `local`, `anonymous`): never a credential. */
  readonly operator: string;
  /** What it may do; every check asks for one scope by name. */
  readonly scopes: readonly AccessScope[];
  /**
   * `oauth` for a bearer token: a refusal then also tells the client which OAuth scope to step
   * up to (`WWW-Authenticate: Bearer error="insufficient_scope"`). Unset for keys and `local`.
   */
  readonly credential?: 'oauth';
}

/** Every scope: an API key listed without one, or a cockpit without keys (operator `local`). */
export const ALL_SCOPES: readonly AccessScope[] = ACCESS_SCOPES;

/** An API key listed as `key:read`. */
export const READ_ONLY_SCOPES: readonly AccessScope[] = ['read'];

/** True when `value` names a scope (`read`, `operate`). */
export function isAccessScope(value: unknown): value is AccessScope {
  return (ACCESS_SCOPES as readonly unknown[]).includes(value);
}
