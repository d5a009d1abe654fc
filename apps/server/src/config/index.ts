export { API_KEYS_VARIABLE, type ApiKey, parseApiKeys } from './api-keys.ts';
export { ConfigError } from './config-error.ts';
export { type CockpitConfig, loadCockpitConfig } from './load-cockpit-config.ts';
export { OAUTH_ENV, type OAuthSettings, parseOAuthSettings } from './oauth-settings.ts';
export { parseSecurityConfig, type SecurityConfig, type SecurityConfigOptions } from './security-config.ts';
export type { ServerSettings } from './server-settings.ts';
