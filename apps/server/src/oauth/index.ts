export {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  MAX_TOKEN_LENGTH,
} from './access-token-verifier.ts';
export { insufficientScopeChallenge, unauthorizedChallenge } from './bearer-challenge.ts';
export { discoverIssuerMetadata, type IssuerMetadata, metadataUrlsOf } from './issuer-metadata.ts';
export { OAuthTokenError, type OAuthTokenErrorCode } from './oauth-error.ts';
export { type OAuthResourceServer, openOAuthResourceServer } from './oauth-resource-server.ts';
export { accessScopesOf, OAUTH_SCOPE_FOR, OAUTH_SCOPES, type OAuthScope } from './oauth-scopes.ts';
export {
  PROTECTED_RESOURCE_PATHS,
  type ProtectedResourceMetadata,
  protectedResourceMetadata,
  protectedResourceRoutes,
} from './protected-resource-routes.ts';
