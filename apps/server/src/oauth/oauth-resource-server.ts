/**
 * `openOAuthResourceServer()`: the OAuth side of the security layer, opened once at start. It
 * fetches the issuer's metadata then, so a wrong or unreachable LUKHAS_OAUTH_ISSUER stops the
 * server (exit 2, the variable named) instead of refusing every token later; the keys themselves
 * are fetched by the verifier on the first token and whenever a token names an unknown `kid`.
 */
import { messageOf } from '@lukhas/core';
import { ConfigError, OAUTH_ENV, type OAuthSettings } from '../config/index.ts';
import { type AccessTokenVerifier, createAccessTokenVerifier } from './access-token-verifier.ts';
import {
  type DiscoverIssuerOptions,
  discoverIssuerMetadata,
  type IssuerMetadata,
} from './issuer-metadata.ts';

/** A resource server ready to check tokens. */
export interface OAuthResourceServer {
  readonly settings: OAuthSettings;
  /** The issuer's metadata as discovered at start. */
  readonly metadata: IssuerMetadata;
  /** Checks one bearer token. */
  readonly verify: AccessTokenVerifier;
}

/**
 * Discovers the issuer and builds the verifier. Rejects with a {@link ConfigError} naming
 * LUKHAS_OAUTH_ISSUER when no metadata document for it can be fetched.
 *
 * @example
 * const oauth = config.security.oauth && (await openOAuthResourceServer(config.security.oauth));
 */
export async function openOAuthResourceServer(
  settings: OAuthSettings,
  options: DiscoverIssuerOptions = {},
): Promise<OAuthResourceServer> {
  let metadata: IssuerMetadata;
  try {
    metadata = await discoverIssuerMetadata(settings.issuer, options);
  } catch (error) {
    throw new ConfigError(
      `${OAUTH_ENV.issuer} ${settings.issuer}: cannot read the authorization server's metadata, so no token could be checked: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return { settings, metadata, verify: createAccessTokenVerifier(settings, { jwksUri: metadata.jwksUri }) };
}
