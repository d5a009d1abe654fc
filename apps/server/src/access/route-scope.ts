/**
 * `routeScope()`: the scope check of `requireScope` in front of a plain HTTP route. Its refusal is
 * thrown, so `app.onError` (the one place errors become HTTP) answers it: 403
 * `{error: "<action> needs the <scope> scope; …", code: "FORBIDDEN_SCOPE"}`.
 */
import type { MiddlewareHandler } from 'hono';
import type { Access, AccessScope } from './access.ts';
import { requireScope } from './require-scope.ts';

/** The context variable the security layer sets (`apiKeyAuth`). */
export type AccessVariables = { access: Access };

const NO_ACCESS: Access = { operator: 'anonymous', scopes: [] };

/**
 * Middleware that lets a request through only when its caller has `scope`.
 *
 * @example routes.get('/metrics', routeScope('read', 'GET /metrics'), handler)
 */
export function routeScope(
  scope: AccessScope,
  action: string,
): MiddlewareHandler<{ Variables: AccessVariables }> {
  return async function routeScope(context, next) {
    // Behind the security layer `access` is always set; anywhere else, fail closed.
    requireScope(context.get('access') ?? NO_ACCESS, scope, action);
    await next();
  };
}
