/**
 * Verifies a bearer JWT with `jose` against the issuer's JWKS (fetched once, cached, fetched again
 * when a token names an unknown `kid`, at most once per cooldown): signature (asymmetric
 * algorithms only: no `none`, no HMAC), `iss`, `aud` containing the resource (RFC 8707), `exp` and
 * `nbf` with a small clock tolerance, and a `sub` for the audit. Answers the caller's `Access`.
 */
import { messageOf } from '@lukhas/core';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { Access } from '../access/index.ts';
import type { OAuthSettings } from '../config/index.ts';
import { OAuthTokenError } from './oauth-error.ts';
import { accessScopesOf } from './oauth-scopes.ts';

/** Checks a bearer token: its access, or an `OAuthTokenError` (`INVALID_TOKEN`, `ISSUER_UNAVAILABLE`). */
export type AccessTokenVerifier = (token: string) => Promise<Access>;

/** A token longer than this is refused unread: no header or JWKS work for an oversized blob. */
export const MAX_TOKEN_LENGTH = 8 * 1024;

// RFC 9068 §2.1 asks for asymmetric signatures; a JWKS holds public keys only anyway.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

// jose's codes that mean "the keys could not be had", not "the token is bad".
const ISSUER_FAILURE_CODES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID', 'ERR_JOSE_GENERIC']);

/**
 * A verifier for the tokens of `settings.issuer`, whose keys are at `jwksUri`.
 *
 * @example
 * const verify = createAccessTokenVerifier(settings, { jwksUri: metadata.jwksUri });
 * await verify(token); // { operator: 'oauth:alice', scopes: ['read'], credential: 'oauth' }
 */
export function createAccessTokenVerifier(
  settings: Pick<OAuthSettings, 'issuer' | 'audiences' | 'clockToleranceSeconds' | 'jwksCooldownSeconds'>,
  options: { readonly jwksUri: string },
): AccessTokenVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUri), {
    cooldownDuration: settings.jwksCooldownSeconds * 1000,
    timeoutDuration: 5_000,
  });
  return async (token) => {
    if (token.length > MAX_TOKEN_LENGTH) {
      throw new OAuthTokenError('INVALID_TOKEN', `the token is longer than ${MAX_TOKEN_LENGTH} characters`);
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        audience: [...settings.audiences],
        clockTolerance: settings.clockToleranceSeconds,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw tokenErrorOf(error);
    }
    return {
      operator: `oauth:${subjectOf(payload.sub)}`,
      scopes: accessScopesOf(payload),
      credential: 'oauth',
    };
  };
}

// The subject lands in audit records and logs: printable ASCII of a sane length only.
function subjectOf(sub: unknown): string {
  if (typeof sub !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(sub)) {
    throw new OAuthTokenError('INVALID_TOKEN', 'the token has no usable sub claim');
  }
  return sub;
}

function tokenErrorOf(error: unknown): OAuthTokenError {
  if (error instanceof errors.JOSEError && !ISSUER_FAILURE_CODES.has(error.code)) {
    return new OAuthTokenError('INVALID_TOKEN', reasonOf(error), { cause: error });
  }
  // A JWKS fetch that timed out, failed or answered nonsense: the issuer's fault, not the token's.
  return new OAuthTokenError(
    'ISSUER_UNAVAILABLE',
    `the authorization server's keys could not be fetched: ${messageOf(error)}`,
    { cause: error },
  );
}

// jose's messages are precise ("\"exp\" claim timestamp check failed"); they say nothing secret.
function reasonOf(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token is not signed by a key of the issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  return `the token is not a valid JWT (${error.message})`;
}
