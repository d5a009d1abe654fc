/**
 * A real OAuth 2.1 authorization server for the OAuth tests: `oidc-provider` (the certified
 * OpenID provider) on a loopback port, with two client-credentials clients (`cockpit-reader`
 * may ask for `cockpit:read`, `cockpit-operator` for both scopes) and resource indicators
 * (RFC 8707) that issue JWT access tokens (RFC 9068) for any `resource` asked for. It can be
 * restarted on the same port with new signing keys (`rotateKeys`), as an issuer rotating keys does.
 */
import { createServer, type Server } from 'node:http';
import { freePort } from '@lukhas/test-kit';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** A registered client and its secret. */
export interface TestClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The two clients: each may only ask for the scopes its name says. */
export const READER: TestClientCredentials = { clientId: 'cockpit-reader', clientSecret: 'reader-secret' };
export const OPERATOR: TestClientCredentials = {
  clientId: 'cockpit-operator',
  clientSecret: 'operator-secret',
};

/** A running authorization server. */
export interface TestAuthorizationServer {
  /** `http://127.0.0.1:<port>`: its issuer identifier. */
  readonly issuer: string;
  /** The private signing keys, newest first: the first one signs new tokens. */
  readonly signingKeys: readonly JWK[];
  /** A client-credentials access token for `resource` with `scope` (space-separated). */
  token(
    client: TestClientCredentials,
    options: { readonly resource: string; readonly scope: string },
  ): Promise<string>;
  /** Restarts on the same port signing with a new key (new `kid`); the old key stays published. */
  rotateKeys(): Promise<JWK>;
  /** Stops listening. */
  close(): Promise<void>;
}

/** A private ES256 key as a JWK with a fresh `kid`. */
export async function generateSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
}

/**
 * Starts the authorization server on a free loopback port.
 *
 * @example
 * const as = await startAuthorizationServer();
 * const token = await as.token(READER, { resource: 'http://127.0.0.1:1234/mcp', scope: 'cockpit:read' });
 */
export async function startAuthorizationServer(): Promise<TestAuthorizationServer> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  let keys: JWK[] = [await generateSigningKey('key-1')];
  let server = await listen(providerFor(issuer, keys), port);
  return {
    issuer,
    get signingKeys() {
      return keys;
    },
    async token(client, options) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...options }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string };
      if (!response.ok || body.access_token === undefined) {
        throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
      }
      return body.access_token;
    },
    async rotateKeys() {
      const fresh = await generateSigningKey(`key-${keys.length + 1}`);
      keys = [fresh, ...keys];
      await close(server);
      server = await listen(providerFor(issuer, keys), port);
      return fresh;
    },
    close: () => close(server),
  };
}

function providerFor(issuer: string, keys: readonly JWK[]): Provider {
  const client = (credentials: TestClientCredentials, scope: string) => ({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    // The only signing keys are ES256 ones; the default (RS256) would have none.
    id_token_signed_response_alg: 'ES256' as const,
    scope,
  });
  return new Provider(issuer, {
    clients: [client(READER, 'cockpit:read'), client(OPERATOR, 'cockpit:read cockpit:operate')],
    jwks: { keys: keys as never },
    scopes: ['cockpit:read', 'cockpit:operate'],
    cookies: { keys: ['oidc-test-cookie-key'] },
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: () => true,
        // Any resource asked for gets JWT access tokens whose `aud` is that resource.
        getResourceServerInfo: (_context, resourceIndicator) => ({
          scope: 'cockpit:read cockpit:operate',
          audience: resourceIndicator,
          accessTokenTTL: 300,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
  });
}

function listen(provider: Provider, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const handle = provider.callback();
    // No keep-alive: a restart (`rotateKeys`) must not leave clients holding a dead connection.
    const server = createServer((request, response) => {
      response.setHeader('connection', 'close');
      return handle(request, response);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
