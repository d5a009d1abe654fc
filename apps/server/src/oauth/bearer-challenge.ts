/**
 * The `WWW-Authenticate: Bearer …` challenges (RFC 6750 §3, RFC 9728 §5.1): every 401 names the
 * protected-resource metadata, so a client can find the authorization server; a 403 for a missing
 * scope names the scope to ask for (the MCP authorization spec's step-up).
 */

/** What every challenge carries. */
export interface BearerChallengeOptions {
  /** The URL of the protected-resource metadata document. */
  readonly resourceMetadataUrl: string;
}

/**
 * The scope a 401 asks for: the least that any route needs. A client that follows the MCP
 * authorization spec's scope selection asks the issuer for this, not for everything in
 * `scopes_supported`, and steps up to `cockpit:operate` on the 403 of the first action that needs it.
 */
export const LEAST_SCOPE = 'cockpit:read';

/**
 * The challenge of a 401: no credential, or a token that was refused (`error="invalid_token"`,
 * with `description` when there is something to say).
 *
 * @example unauthorizedChallenge({ resourceMetadataUrl })
 * // 'Bearer realm="mcp-cockpit", scope="cockpit:read", resource_metadata="https://…"'
 */
export function unauthorizedChallenge(
  options: BearerChallengeOptions & { readonly invalidToken?: string },
): string {
  const parameters = [['realm', 'mcp-cockpit']];
  if (options.invalidToken !== undefined) {
    parameters.push(['error', 'invalid_token'], ['error_description', options.invalidToken]);
  }
  parameters.push(['scope', LEAST_SCOPE], ['resource_metadata', options.resourceMetadataUrl]);
  return bearer(parameters);
}

/**
 * The challenge of a 403 for a token without the scope an action needs.
 *
 * @example insufficientScopeChallenge({ resourceMetadataUrl, scope: 'cockpit:operate' })
 * // 'Bearer error="insufficient_scope", scope="cockpit:operate", resource_metadata="https://…"'
 */
export function insufficientScopeChallenge(
  options: BearerChallengeOptions & { readonly scope: string },
): string {
  return bearer([
    ['error', 'insufficient_scope'],
    ['scope', options.scope],
    ['resource_metadata', options.resourceMetadataUrl],
  ]);
}

// Quoted strings may not hold `"` or `\` unescaped, nor anything outside printable ASCII (RFC 6750
// §3 for error_description): such characters are dropped rather than escaped.
function bearer(parameters: readonly (readonly string[])[]): string {
  const quoted = parameters.map(
    ([name, value]) => `${name}="${(value ?? '').replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '')}"`,
  );
  return `Bearer ${quoted.join(', ')}`;
}
