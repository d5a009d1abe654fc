export {
  type ApiKeyAuthOptions,
  type ApiKeyAuthVariables,
  apiKeyAuth,
  OAUTH_UNAUTHORIZED_BODY,
  presentedApiKey,
  presentedBearer,
  QUERY_KEY_REFUSED_BODY,
  QUERY_TOKEN_REFUSED_BODY,
  redactApiKey,
  UNAUTHORIZED_BODY,
  WWW_AUTHENTICATE,
} from './api-key-auth.ts';
export { type ApiKeyVerifier, createApiKeyVerifier, operatorLabel } from './api-key-verifier.ts';
export { AUTH_REFUSAL_REASONS, type AuthRefusalReason } from './auth-refusal.ts';
export { type RequestBodyLimitOptions, requestBodyLimit } from './body-limit.ts';
export {
  type ClientAddress,
  type ClientAddressOptions,
  clientAddressFrom,
  UNKNOWN_CLIENT,
} from './client-address.ts';
export { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, type CorsOptions, corsForOrigins } from './cors.ts';
export { errorResponse } from './error-response.ts';
export { type OriginGuardOptions, originGuard } from './origin-guard.ts';
export { CONTENT_SECURITY_POLICY, pageHeaders } from './page-headers.ts';
export {
  createTokenBuckets,
  type RateLimitOptions,
  rateLimit,
  rateLimitKey,
  type TokenBuckets,
  type TokenBucketsOptions,
  type TokenTaken,
} from './rate-limit.ts';
export { type RequestTextBindings, requestText } from './request-text.ts';
export {
  type SecurityMiddlewareOptions,
  type SecurityVariables,
  securityMiddleware,
} from './security-middleware.ts';
