/**
 * The cockpit as an OAuth 2.1 resource server against a real authorization server (oidc-provider,
 * client credentials, JWT access tokens for the cockpit's resource): the RFC 9728 metadata, 401
 * challenges naming it, read and operate tokens with the official SDK client and over plain HTTP,
 * the SDK clients' own OAuth flow (discovery from the 401, client credentials, step-up on the 403)
 * (the 403 scope challenge), the audit operator `oauth:<sub>`, every kind of bad token, a key
 * rotation at the issuer, API keys beside OAuth, and an issuer that cannot be reached.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTempDirs, freePort } from '@lukhas/test-kit';
import { ClientCredentialsProvider as V2ClientCredentialsProvider } from '@modelcontextprotocol/client';
import { ClientCredentialsProvider as V1ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorLabel } from '../src/http/index.ts';
import { startMainProcess } from './main-process.ts';
import {
  type ClientAuth,
  structuredOf as structured,
  type TestClient,
  v1Kind,
  v2Kind,
} from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import {
  generateSigningKey,
  OPERATOR,
  READER,
  startAuthorizationServer,
  type TestAuthorizationServer,
} from './oidc-authorization-server.ts';

const OPS_KEY = 'oauth-test-ops-key';
const READ_KEY = 'oauth-test-read-key';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

const CANARY = {
  modelId: 'oauth-model',
  fromGate: 'stage',
  toGate: 'production',
  windowSeconds: 600,
  intervalSeconds: 0.5,
  targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
};

let authorizationServer: TestAuthorizationServer;
let server: McpTestServer;
/** LUKHAS_PUBLIC_URL: the cockpit's own address, so the resource is its real `/mcp`. */
let publicUrl: string;
let resource: string;
let readToken: string;
let operateToken: string;

/** A `tools/call` as an MCP-aware HTTP client posts it; answers the raw response. */
function postToolCall(headers: Record<string, string>, tool: string, args: Record<string, unknown>) {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 42,
      method: 'tools/call',
      params: { name: tool, arguments: args },
    }),
  });
}

/** A token signed with `key` (a private JWK), with the claims a good token of the issuer has unless overridden. */
async function signedToken(key: JWK, claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: authorizationServer.issuer,
    aud: resource,
    sub: 'forged-subject',
    iat: now,
    exp: now + 300,
    scope: 'cockpit:read cockpit:operate',
    client_id: 'forged',
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid ?? 'key-1', ...header })
    .sign(await importJWK(key, 'ES256'));
}

beforeAll(async () => {
  authorizationServer = await startAuthorizationServer();
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  resource = `${publicUrl}/mcp`;
  server = await startMcpTestServer({
    port,
    env: {
      LUKHAS_OAUTH_ISSUER: authorizationServer.issuer,
      LUKHAS_PUBLIC_URL: publicUrl,
      // A rotated key is picked up on the first token naming it, however soon after the last fetch.
      LUKHAS_OAUTH_JWKS_COOLDOWN_SECONDS: '0',
      LUKHAS_MCP_API_KEYS: `${OPS_KEY},${READ_KEY}:read`,
      LUKHAS_FILE_OPS: '1',
    },
    repoFiles: { 'configs/slo-oauth.json': '{"windowSeconds": 300}\n' },
  });
  readToken = await authorizationServer.token(READER, { resource, scope: 'cockpit:read' });
  operateToken = await authorizationServer.token(OPERATOR, {
    resource,
    scope: 'cockpit:read cockpit:operate',
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await authorizationServer?.close();
});

describe('the protected-resource metadata (RFC 9728)', () => {
  it.each(['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'])(
    'is served without a token at %s',
    async (metadataPath) => {
      const response = await fetch(`${server.base}${metadataPath}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource,
        authorization_servers: [authorizationServer.issuer],
        scopes_supported: ['cockpit:read', 'cockpit:operate'],
        bearer_methods_supported: ['header'],
        resource_name: 'MCP Cockpit',
      });
    },
  );
});

describe('a request without a valid token', () => {
  const challenge = () =>
    `Bearer realm="mcp-cockpit", scope="cockpit:read", resource_metadata="${publicUrl}/.well-known/oauth-protected-resource"`;

  it('gets 401 with WWW-Authenticate naming the resource metadata', async () => {
    const response = await postToolCall({}, 'list_canaries', {});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(challenge());
    expect((await response.json()).error).toBe('unauthorized');
    const metrics = await fetch(`${server.base}/metrics`);
    expect(metrics.status).toBe(401);
    expect(metrics.headers.get('www-authenticate')).toBe(challenge());
  });

  it('refuses a token in the query string', async () => {
    const response = await fetch(`${server.base}/metrics?access_token=${readToken}`);
    expect(response.status).toBe(401);
    expect((await response.json()).message).toMatch(/^\?access_token= is not accepted/);
  });

  it('is refused when the SDK client connects without one', async () => {
    await expect(v2Kind('2026-07-28').connect(server.url)).rejects.toThrow();
  });
});

describe('a cockpit:read token', () => {
  let client: TestClient;

  beforeAll(async () => {
    client = await v2Kind('2026-07-28').connect(server.url, bearer(readToken));
  });

  afterAll(async () => {
    await client?.close();
  });

  it('lists and gets with the official SDK client, and reads /metrics', async () => {
    expect((await client.listTools()).map((tool) => tool.name)).toContain('start_canary');
    expect(structured(await client.callTool('list_canaries', {})).canaries).toEqual(expect.any(Array));
    expect(structured(await client.callTool('list_jobs', {})).jobs).toEqual(expect.any(Array));
    const metrics = await fetch(`${server.base}/metrics`, { headers: bearer(readToken) });
    expect(metrics.status).toBe(200);
  });

  it('is refused start_canary with a 403 scope challenge; the body names the scope', async () => {
    const before = structured(await client.callTool('list_canaries', {})).canaries;
    const response = await postToolCall(bearer(readToken), 'start_canary', CANARY);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer error="insufficient_scope", scope="cockpit:operate", resource_metadata="${publicUrl}/.well-known/oauth-protected-resource"`,
    );
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      id: 42,
      result: {
        content: [
          {
            type: 'text',
            text: 'start_canary needs the operate scope; this token is read-only [FORBIDDEN_SCOPE]',
          },
        ],
        isError: true,
      },
    });
    // The SDK client reads the challenge; without an OAuth provider to step up with, the call
    // fails naming the scope to ask for. Nothing was started.
    await expect(client.callTool('start_canary', CANARY)).rejects.toThrow(
      /Insufficient scope: required "cockpit:operate"/,
    );
    expect(structured(await client.callTool('list_canaries', {})).canaries).toEqual(before);
  });
});

describe('file operations (LUKHAS_FILE_OPS=1) with tokens', () => {
  it('a cockpit:read token lists and reads files and gets the scope challenge for write_file and apply_patch', async () => {
    const client = await v2Kind('2026-07-28').connect(server.url, bearer(readToken));
    try {
      const read = structured(await client.callTool('read_file', { path: 'configs/slo-oauth.json' }));
      expect(read.text).toBe('{"windowSeconds": 300}\n');
      expect(structured(await client.callTool('list_files', { glob: 'configs/**' })).entries).toEqual([
        expect.objectContaining({ name: 'configs/slo-oauth.json' }),
      ]);
    } finally {
      await client.close();
    }
    for (const [tool, args] of [
      ['write_file', { path: 'configs/slo-oauth.json', content: '{}\n' }],
      [
        'apply_patch',
        { path: 'configs/slo-oauth.json', patch: '@@ -1 +1 @@\n-{"windowSeconds": 300}\n+{}\n' },
      ],
    ] as const) {
      const response = await postToolCall(bearer(readToken), tool, args);
      expect(response.status, tool).toBe(403);
      expect(response.headers.get('www-authenticate')).toContain(
        'error="insufficient_scope", scope="cockpit:operate"',
      );
      expect(
        ((await response.json()) as { result: { content: { text: string }[] } }).result.content[0]?.text,
      ).toBe(`${tool} needs the operate scope; this token is read-only [FORBIDDEN_SCOPE]`);
    }
    expect(await readFile(path.join(server.repo.root, 'configs', 'slo-oauth.json'), 'utf8')).toBe(
      '{"windowSeconds": 300}\n',
    );
  });

  it('a cockpit:operate token patches a file, audited as oauth:<sub>', async () => {
    const client = await v1Kind('2025-11-25').connect(server.url, bearer(operateToken));
    try {
      const patched = structured(
        await client.callTool('apply_patch', {
          path: 'configs/slo-oauth.json',
          patch: '@@ -1 +1 @@\n-{"windowSeconds": 300}\n+{"windowSeconds": 600}\n',
        }),
      );
      expect(patched.change).toBe('patched');
      const story = structured(await client.callTool('why', { id: 'configs/slo-oauth.json' }));
      expect(story.lines).toEqual([
        expect.stringMatching(
          new RegExp(` oauth:${OPERATOR.clientId} → patched configs/slo-oauth\\.json \\(\\+1 −1\\)$`),
        ),
      ]);
    } finally {
      await client.close();
    }
  });
});

describe('a cockpit:operate token', () => {
  it('starts and aborts a canary with the official SDK clients, audited as oauth:<sub>', async () => {
    for (const kind of [v2Kind('2026-07-28'), v1Kind('2025-11-25')]) {
      const client = await kind.connect(server.url, bearer(operateToken));
      try {
        const canary = structured(await client.callTool('start_canary', CANARY));
        expect(canary.operator, kind.label).toBe(`oauth:${OPERATOR.clientId}`);
        const aborted = structured(
          await client.callTool('abort_canary', { canaryId: String(canary.canaryId), reason: 'test over' }),
        );
        expect(aborted.status).toBe('rolled_back');
      } finally {
        await client.close();
      }
    }
  });
});

describe("the official SDK clients' own OAuth support (client credentials)", () => {
  /**
   * Each SDK's ClientCredentialsProvider for `client` (configured with `scope`), and the scope of
   * the token it holds now, as the issuer granted it.
   */
  const clientCredentials = (client: typeof READER, scope: string) => {
    const options = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      expectedIssuer: authorizationServer.issuer,
      scope,
    };
    let made: { tokens(): { scope?: string } | undefined } | undefined;
    const auth: ClientAuth = {
      v1: () => {
        const provider = new V1ClientCredentialsProvider(options);
        made = provider;
        return provider;
      },
      v2: () => {
        const provider = new V2ClientCredentialsProvider(options);
        made = provider;
        return provider;
      },
    };
    return { auth, granted: () => made?.tokens()?.scope };
  };

  it('discover the issuer from the 401, get a token, and (v2) step up to operate on the 403', async () => {
    // v2 asks for the scope the challenge names: read on the 401, operate on the 403 (a step-up).
    // v1 (1.32) asks for its provider's own scope on both, so it is given both scopes.
    const BOTH = 'cockpit:read cockpit:operate';
    const cases = [
      { kind: v2Kind('2026-07-28'), scope: 'cockpit:read', first: 'cockpit:read' },
      { kind: v1Kind('2025-11-25'), scope: BOTH, first: BOTH },
    ];
    for (const { kind, scope, first } of cases) {
      // No token at first: the SDK reads the challenge, the metadata, then asks the issuer.
      const { auth, granted } = clientCredentials(OPERATOR, scope);
      const client = await kind.connect(server.url, {}, auth);
      try {
        expect(structured(await client.callTool('list_canaries', {})).canaries, kind.label).toEqual(
          expect.any(Array),
        );
        expect(granted(), kind.label).toBe(first);
        // start_canary needs cockpit:operate: the 403 names it, the SDK asks for it and retries.
        const canary = structured(await client.callTool('start_canary', CANARY));
        expect(granted(), kind.label).toBe(BOTH);
        expect(canary.operator, kind.label).toBe(`oauth:${OPERATOR.clientId}`);
        const aborted = structured(
          await client.callTool('abort_canary', { canaryId: String(canary.canaryId), reason: 'test over' }),
        );
        expect(aborted.status, kind.label).toBe('rolled_back');
      } finally {
        await client.close();
      }
    }
  });

  it('a client the issuer gives read only cannot step up: the call fails and starts nothing', async () => {
    for (const kind of [v2Kind('2026-07-28'), v1Kind('2025-11-25')]) {
      const client = await kind.connect(server.url, {}, clientCredentials(READER, 'cockpit:read').auth);
      try {
        const before = structured(await client.callTool('list_canaries', {})).canaries;
        await expect(client.callTool('start_canary', CANARY), kind.label).rejects.toThrow();
        expect(structured(await client.callTool('list_canaries', {})).canaries, kind.label).toEqual(before);
      } finally {
        await client.close();
      }
    }
  });
});

describe('tokens the cockpit must refuse (401 invalid_token)', () => {
  async function expectRefused(token: string, reason: RegExp) {
    const response = await postToolCall(bearer(token), 'list_canaries', {});
    expect(response.status).toBe(401);
    const header = response.headers.get('www-authenticate') ?? '';
    expect(header).toMatch(
      /^Bearer realm="mcp-cockpit", error="invalid_token", error_description="[^"]+", scope="cockpit:read", resource_metadata="/,
    );
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe('invalid_token');
    expect(body.message).toMatch(reason);
  }

  it('an expired token signed by the issuer', async () => {
    const [issuerKey] = authorizationServer.signingKeys;
    const past = Math.floor(Date.now() / 1000) - 3600;
    await expectRefused(await signedToken(issuerKey as JWK, { iat: past - 300, exp: past }), /expired/);
  });

  it('a token the issuer issued for another resource (audience)', async () => {
    const token = await authorizationServer.token(OPERATOR, {
      resource: 'http://127.0.0.1:1/mcp',
      scope: 'cockpit:operate',
    });
    await expectRefused(token, /aud claim/);
  });

  it('a token signed by another key under the issuer kid', async () => {
    const foreign = await generateSigningKey(decodeProtectedHeader(readToken).kid ?? 'key-1');
    await expectRefused(await signedToken(foreign, {}), /signature/);
  });

  it('a token signed by the issuer key but naming another issuer', async () => {
    const [issuerKey] = authorizationServer.signingKeys;
    await expectRefused(await signedToken(issuerKey as JWK, { iss: 'http://127.0.0.1:2' }), /iss claim/);
  });

  it('an unsigned token (alg: none)', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode({
      iss: authorizationServer.issuer,
      aud: resource,
      sub: 'nobody',
      scope: 'cockpit:operate',
      exp: now + 300,
    })}.`;
    await expectRefused(unsigned, /not a valid JWT|alg/);
  });

  it('a token longer than 8 KiB, unread', async () => {
    await expectRefused(`${'a'.repeat(9000)}.${'b'.repeat(10)}.c`, /longer than/);
  });
});

describe('the refusals above, in /metrics', () => {
  it('counts them by reason in cockpit_auth_refusals_total', async () => {
    const response = await fetch(`${server.base}/metrics`, { headers: bearer(operateToken) });
    const text = await response.text();
    const count = (reason: string) =>
      Number(new RegExp(`^cockpit_auth_refusals_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    // The six bad tokens of the block above, the query-string token, and the calls without one.
    expect(count('invalid_token')).toBeGreaterThanOrEqual(6);
    expect(count('credential_in_query')).toBeGreaterThanOrEqual(1);
    expect(count('missing_credential')).toBeGreaterThanOrEqual(1);
    // The read token's start_canary and the SDK clients' step-ups.
    expect(count('insufficient_scope')).toBeGreaterThanOrEqual(2);
    expect(count('issuer_unavailable')).toBe(0);
  });
});

describe('API keys beside OAuth', () => {
  it('work as X-API-Key and as a bearer, with their scopes', async () => {
    const ops = await v2Kind('2026-07-28').connect(server.url, { 'X-API-Key': OPS_KEY });
    try {
      const job = structured(await ops.callTool('run_eval', { taskId: 'demo' }));
      expect(job.operator).toBe(operatorLabel(OPS_KEY));
    } finally {
      await ops.close();
    }
    // A read key keeps the SPEC's answer for keys: HTTP 200 and an isError result (no step-up).
    const refused = await postToolCall(bearer(READ_KEY), 'start_canary', CANARY);
    expect(refused.status).toBe(200);
    const body = (await refused.json()) as { result: { isError: boolean; content: { text: string }[] } };
    expect(body.result.content[0]?.text).toBe(
      'start_canary needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]',
    );
    // A wrong X-API-Key is refused even beside a good token: the key header wins.
    const mixed = await postToolCall({ 'X-API-Key': 'wrong', ...bearer(operateToken) }, 'list_canaries', {});
    expect(mixed.status).toBe(401);
  });
});

describe('a key rotation at the authorization server', () => {
  it('is picked up on the first token with the new kid', async () => {
    const rotated = await authorizationServer.rotateKeys();
    const token = await authorizationServer.token(READER, { resource, scope: 'cockpit:read' });
    expect(decodeProtectedHeader(token).kid).toBe(rotated.kid);
    const response = await postToolCall(bearer(token), 'list_canaries', {});
    expect(response.status).toBe(200);
    // The old key is still published, so tokens issued before the rotation stay good.
    expect((await postToolCall(bearer(readToken), 'list_canaries', {})).status).toBe(200);
  });
});

describe('an authorization server that cannot be reached', { timeout: 180_000 }, () => {
  const tempDirs = createTempDirs();
  afterAll(() => tempDirs.removeAll());

  it('at start: the process exits 2 naming LUKHAS_OAUTH_ISSUER', async () => {
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const attempt = startMainProcess({
      LUKHAS_OAUTH_ISSUER: issuer,
      LUKHAS_PUBLIC_URL: 'http://127.0.0.1:8080',
      LUKHAS_MCP_DB: path.join(tempDirs.make('cockpit-oauth-'), 'x.db'),
    });
    const error = await attempt.then(
      () => new Error('expected the server to exit'),
      (thrown: unknown) => thrown as Error,
    );
    expect(error.message).toMatch(
      new RegExp(
        `^server exited \\(2\\):[\\s\\S]*cannot start: LUKHAS_OAUTH_ISSUER ${issuer}: cannot read the authorization server's metadata`,
      ),
    );
  });

  it('without LUKHAS_PUBLIC_URL: the process exits 2 naming both variables', async () => {
    const attempt = startMainProcess({
      LUKHAS_OAUTH_ISSUER: authorizationServer.issuer,
      LUKHAS_PUBLIC_URL: '',
      LUKHAS_MCP_DB: path.join(tempDirs.make('cockpit-oauth-'), 'x.db'),
    });
    const error = await attempt.then(
      () => new Error('expected the server to exit'),
      (thrown: unknown) => thrown as Error,
    );
    expect(error.message).toMatch(/cannot start: LUKHAS_OAUTH_ISSUER needs LUKHAS_PUBLIC_URL/);
  });

  it('later, for a token naming a key not yet fetched: 503, and the cockpit keeps answering', async () => {
    await authorizationServer.close();
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const unknownKey = { ...(await exportJWK(privateKey)), kid: 'key-unknown' };
    const response = await postToolCall(bearer(await signedToken(unknownKey, {})), 'list_canaries', {});
    expect(response.status).toBe(503);
    expect((await response.json()).error).toBe('issuer_unavailable');
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    // API keys do not depend on the issuer.
    expect((await postToolCall({ 'X-API-Key': READ_KEY }, 'list_canaries', {})).status).toBe(200);
  });
});
