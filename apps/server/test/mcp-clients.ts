/**
 * The official SDK clients behind one small interface, so every test runs against each of them:
 * v1 (`@modelcontextprotocol/sdk`, StreamableHTTPClientTransport) and v2
 * (`@modelcontextprotocol/client`) in the 2025 era and in the 2026-07-28 (stateless) era.
 */
import {
  Client as V2Client,
  StreamableHTTPClientTransport as V2Transport,
} from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'vitest';

/** A progress notification as both clients hand it over. */
export interface ProgressUpdate {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** A tool result as both clients return it. */
export interface ToolCallResult {
  readonly content: readonly { readonly type: string; readonly text?: string }[];
  readonly structuredContent?: Record<string, unknown>;
  readonly isError?: boolean;
}

/** A tool of `tools/list`. */
export interface ListedTool {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly inputSchema: Record<string, unknown>;
  readonly outputSchema?: Record<string, unknown>;
  readonly annotations?: Record<string, unknown>;
}

/** What the tests ask of a connected client. */
export interface TestClient {
  /** The protocol revision the connection settled on. */
  readonly protocolVersion: string | undefined;
  listTools(): Promise<ListedTool[]>;
  callTool(
    name: string,
    args: Record<string, unknown>,
    options?: { onprogress?: (progress: ProgressUpdate) => void; timeoutMs?: number },
  ): Promise<ToolCallResult>;
  close(): Promise<void>;
}

/** One way of connecting, with the revision it must end up on. */
export interface ClientKind {
  readonly label: string;
  readonly expectedVersion: string;
  connect(url: string, headers?: Record<string, string>, auth?: ClientAuth): Promise<TestClient>;
}

/**
 * The SDK's own OAuth support: a provider (each SDK's own class) it asks for tokens on a 401 or a
 * scope challenge.
 */
export interface ClientAuth {
  v1(): V1AuthProvider;
  v2(): V2AuthProvider;
}

type V1AuthProvider = NonNullable<NonNullable<ConstructorParameters<typeof V1Transport>[1]>['authProvider']>;
type V2AuthProvider = NonNullable<NonNullable<ConstructorParameters<typeof V2Transport>[1]>['authProvider']>;

const CLIENT_INFO = { name: 'cockpit-tests', version: '1.0.0' };

/** The v1 client always offers its latest revision (2025-11-25); this fetch offers another instead. */
function offeringVersion(version: string): typeof fetch {
  return async (input, init) => {
    if (typeof init?.body === 'string' && init.body.includes('"method":"initialize"')) {
      const body = JSON.parse(init.body) as { params: { protocolVersion: string } };
      body.params.protocolVersion = version;
      return fetch(input, { ...init, body: JSON.stringify(body) });
    }
    return fetch(input, init);
  };
}

/** The v1 SDK client (`@modelcontextprotocol/sdk`) on a 2025 revision. */
export function v1Kind(version: '2025-11-25' | '2025-06-18'): ClientKind {
  return {
    label: `v1 @modelcontextprotocol/sdk, ${version}`,
    expectedVersion: version,
    async connect(url, headers = {}, auth) {
      const transport = new V1Transport(new URL(url), {
        requestInit: { headers },
        ...(auth === undefined ? {} : { authProvider: auth.v1() }),
        ...(version === '2025-11-25' ? {} : { fetch: offeringVersion(version) }),
      });
      const client = new V1Client(CLIENT_INFO);
      await client.connect(transport);
      return {
        protocolVersion: transport.protocolVersion,
        listTools: async () => (await client.listTools()).tools as ListedTool[],
        callTool: async (name, args, options = {}) =>
          (await client.callTool({ name, arguments: args }, undefined, {
            ...(options.onprogress === undefined ? {} : { onprogress: options.onprogress }),
            timeout: options.timeoutMs ?? 30_000,
          })) as ToolCallResult,
        close: () => client.close(),
      };
    },
  };
}

/** The v2 SDK client (`@modelcontextprotocol/client`): a 2025 revision, or 2026-07-28 pinned. */
export function v2Kind(version: '2025-11-25' | '2025-06-18' | '2026-07-28'): ClientKind {
  const modern = version === '2026-07-28';
  return {
    label: `v2 @modelcontextprotocol/client, ${version}`,
    expectedVersion: version,
    async connect(url, headers = {}, auth) {
      const client = new V2Client(CLIENT_INFO, {
        ...(modern
          ? { versionNegotiation: { mode: { pin: version } } }
          : { supportedProtocolVersions: [version] }),
      });
      await client.connect(
        new V2Transport(new URL(url), {
          requestInit: { headers },
          ...(auth === undefined ? {} : { authProvider: auth.v2() }),
        }),
      );
      return {
        protocolVersion: client.getNegotiatedProtocolVersion(),
        listTools: async () => (await client.listTools()).tools as ListedTool[],
        callTool: async (name, args, options = {}) =>
          (await client.callTool(
            { name, arguments: args },
            {
              ...(options.onprogress === undefined ? {} : { onprogress: options.onprogress }),
              timeout: options.timeoutMs ?? 30_000,
            },
          )) as ToolCallResult,
        close: () => client.close(),
      };
    },
  };
}

/** Every client and revision the server is verified against. */
export const CLIENT_KINDS: readonly ClientKind[] = [
  v1Kind('2025-11-25'),
  v1Kind('2025-06-18'),
  v2Kind('2025-11-25'),
  v2Kind('2025-06-18'),
  v2Kind('2026-07-28'),
];

/**
 * The structured result of a tool call that must have succeeded (a failure fails the test with the
 * tool's message), from either SDK client.
 *
 * @example const canary = structuredOf(await client.callTool('start_canary', request));
 */
export function structuredOf(result: unknown): Record<string, unknown> {
  const { structuredContent, isError, content } = result as ToolCallResult;
  expect(isError, content[0]?.text).toBeFalsy();
  return structuredContent ?? {};
}
