/**
 * The scope check for what is not a tool (resources, prompts, completion, tasks): a refusal is a
 * JSON-RPC error naming the scope, since those methods have no `isError` result to carry it.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { type Access, AccessError, type AccessScope, requireScope } from '../access/index.ts';

/**
 * Throws a -32600 `ProtocolError` (`… needs the read scope; this request carries no scope
 * [FORBIDDEN_SCOPE]`) when `access` lacks `scope`.
 *
 * @example
 * requireProtocolScope(context, 'read', `reading ${uri}`);
 */
export function requireProtocolScope(access: Access, scope: AccessScope, action: string): void {
  try {
    requireScope(access, scope, action);
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, `${error.message} [${error.code}]`, {
      scope,
    });
  }
}
