/**
 * What can go wrong with a bearer token: the token itself (`INVALID_TOKEN`, a 401 with
 * `error="invalid_token"`), or the authorization server the cockpit trusts (`ISSUER_UNAVAILABLE`:
 * its metadata or keys could not be fetched, a 503 that says so rather than blaming the token).
 */
import { CockpitError } from '@lukhas/core';

/** The codes of {@link OAuthTokenError}. */
export type OAuthTokenErrorCode = 'INVALID_TOKEN' | 'ISSUER_UNAVAILABLE';

/** A bearer token that was refused, or could not be checked. */
export class OAuthTokenError extends CockpitError<OAuthTokenErrorCode> {
  override readonly name: string = 'OAuthTokenError';
}
