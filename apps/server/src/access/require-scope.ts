/**
 * The one scope check. Tools (in `defineTool`, before the handler runs) and routes (`routeScope`)
 * both call {@link requireScope}; what it throws becomes an `isError` tool result through
 * `toolErrorResult` or a 403 through `app.onError`, so the refusal reads the same everywhere.
 */
import { CockpitError } from '@lukhas/core';
import type { Access, AccessScope } from './access.ts';

/** A caller without the scope an action needs. Code `FORBIDDEN_SCOPE` (HTTP 403). */
export class AccessError extends CockpitError<'FORBIDDEN_SCOPE'> {
  override readonly name: string = 'AccessError';
  /** The scope that was missing. */
  readonly scope: AccessScope;

  constructor(message: string, options: { readonly scope: AccessScope }) {
    super('FORBIDDEN_SCOPE', message);
    this.scope = options.scope;
  }
}

/**
 * Throws an {@link AccessError} naming `action` and the missing scope unless `access` has `scope`.
 *
 * @example
 * requireScope({ operator: 'key:1a2b3c4d', scopes: ['read'] }, 'operate', 'promote_canary');
 * // throws: promote_canary needs the operate scope; this key is read-only
 */
export function requireScope(access: Access, scope: AccessScope, action: string): void {
  if (access.scopes.includes(scope)) return;
  throw new AccessError(`${action} needs the ${scope} scope; ${whatItHas(access)}`, { scope });
}

// Says what the caller does have, so the operator knows which key (or scope) to ask for.
function whatItHas(access: Access): string {
  if (access.scopes.length === 0) return 'this request carries no scope';
  const credential = access.credential === 'oauth' ? 'token' : 'key';
  if (access.scopes.length === 1 && access.scopes[0] === 'read') return `this ${credential} is read-only`;
  return `this caller has the scopes: ${access.scopes.join(', ')}`;
}
