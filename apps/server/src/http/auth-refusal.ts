/**
 * Why the authentication layer refused a request: the label of `cockpit_auth_refusals_total`, so an
 * operator sees a wave of expired tokens, a client sending keys in URLs, or an issuer that is down,
 * apart from the plain 401s of callers without credentials.
 */

/** Every reason, in the order `/metrics` lists them. */
export const AUTH_REFUSAL_REASONS = [
  /** 401: neither a key nor a token. */
  'missing_credential',
  /** 401: a key (header or `?key=` on /sse) that is not configured, or a bearer that is neither a key nor a JWT. */
  'invalid_key',
  /** 401: a JWT the cockpit refused (signature, issuer, audience, expiry, `alg: none`, size). */
  'invalid_token',
  /** 401: `?key=` outside /sse, or `?access_token=` anywhere: credentials in URLs end up in logs. */
  'credential_in_query',
  /** 403: an OAuth token without the scope an action needs (the step-up challenge). */
  'insufficient_scope',
  /** 503: a token that could not be checked because the issuer's keys could not be fetched. */
  'issuer_unavailable',
] as const;

/** One reason of {@link AUTH_REFUSAL_REASONS}. */
export type AuthRefusalReason = (typeof AUTH_REFUSAL_REASONS)[number];
