/**
 * `GET /.well-known/oauth-protected-resource` (RFC 9728), also at the path-suffixed
 * `/.well-known/oauth-protected-resource/mcp` that RFC 9728 §3.1 derives from the resource URL and
 * MCP clients try first. Public: a client reads it before it has a token.
 */
import { Hono } from 'hono';
import type { OAuthSettings } from '../config/index.ts';
import { OAUTH_SCOPES } from './oauth-scopes.ts';

/** The paths the metadata is served at (both public). */
export const PROTECTED_RESOURCE_PATHS = [
  '/.well-known/oauth-protected-resource',
  '/.well-known/oauth-protected-resource/mcp',
] as const;

/** The metadata document (RFC 9728 §2). */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported: readonly string[];
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name: string;
}

/**
 * The document for `settings`.
 *
 * @example protectedResourceMetadata(settings).resource // 'https://cockpit.example.com/mcp'
 */
export function protectedResourceMetadata(
  settings: Pick<OAuthSettings, 'issuer' | 'resource'>,
): ProtectedResourceMetadata {
  return {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    scopes_supported: [...OAUTH_SCOPES],
    // Tokens in a query string end up in logs; in a form body they would need the body read first.
    bearer_methods_supported: ['header'],
    resource_name: 'MCP Cockpit',
  };
}

/**
 * The metadata routes.
 *
 * @example app.route('/', protectedResourceRoutes(config.security.oauth));
 */
export function protectedResourceRoutes(settings: Pick<OAuthSettings, 'issuer' | 'resource'>): Hono {
  const document = protectedResourceMetadata(settings);
  const routes = new Hono();
  for (const path of PROTECTED_RESOURCE_PATHS) {
    // Static for the life of the process; a client may cache it briefly.
    routes.get(path, (context) => context.json(document, 200, { 'Cache-Control': 'public, max-age=300' }));
  }
  return routes;
}
