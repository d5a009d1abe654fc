/**
 * Requests to a running cockpit (`--url`, `--key`): every network or HTTP failure becomes a
 * CliError that says what to check. `/mcp` and `/sse` are spoken by the client SDK
 * (`@lukhas/mcp-cockpit-client`); only the evidence download is a plain fetch.
 */
import { CockpitTools, isCockpitClientError } from '@lukhas/mcp-cockpit-client';
import { type CliError, failure } from './cli-error.ts';
import { cliCommand } from './cli-invocation.ts';
import type { CliIo } from './command.ts';

/** Where the server is and the API key to send. */
export interface ServerConnection {
  readonly url: string;
  readonly key: string | undefined;
  /** The command that starts a server, as this CLI was run (`cockpit serve`, `npm run cockpit -- serve`). */
  readonly serveCommand: string;
}

/** The default server address, the one `cockpit serve` listens on. */
export const DEFAULT_SERVER_URL = 'http://localhost:8766';

/** `--url`/`--key`, else LUKHAS_MCP_URL/LUKHAS_MCP_API_KEY; undefined when no URL is given. */
export function serverConnection(
  url: string | undefined,
  key: string | undefined,
  io: CliIo,
): ServerConnection | undefined {
  const chosen = url ?? io.env.LUKHAS_MCP_URL;
  return chosen === undefined ? undefined : connectionTo(chosen, key, io);
}

/** As {@link serverConnection}, else the default server: for the commands that only talk to one. */
export function serverConnectionOrDefault(
  url: string | undefined,
  key: string | undefined,
  io: CliIo,
): ServerConnection {
  return connectionTo(url ?? io.env.LUKHAS_MCP_URL ?? DEFAULT_SERVER_URL, key, io);
}

function connectionTo(url: string, key: string | undefined, io: CliIo): ServerConnection {
  try {
    new URL(url);
  } catch {
    throw failure(`--url "${url}" is not a URL: pass one like ${DEFAULT_SERVER_URL}`);
  }
  return {
    url: url.replace(/\/+$/, ''),
    key: key ?? io.env.LUKHAS_MCP_API_KEY,
    serveCommand: cliCommand(io, 'serve'),
  };
}

/** The SDK's tools for this connection. */
export function cockpitTools(connection: ServerConnection): CockpitTools {
  return new CockpitTools(connection.url, connection.key);
}

/**
 * Calls a tool through the SDK: a refusal of the tool itself (`TOOL_ERROR`, `RPC_ERROR`) becomes
 * the CliError `<refused>: <the server's reason>`, any other failure {@link clientFailure}'s.
 *
 * @example
 * const { lines } = await callTool(connection, `the cockpit could not answer why "${id}"`, (tools) => tools.why({ id }));
 */
export async function callTool<T>(
  connection: ServerConnection,
  refused: string,
  call: (tools: CockpitTools) => Promise<T>,
): Promise<T> {
  try {
    return await call(cockpitTools(connection));
  } catch (error) {
    if (isCockpitClientError(error, 'TOOL_ERROR') || isCockpitClientError(error, 'RPC_ERROR')) {
      throw failure(`${refused}: ${error.rpcError?.message ?? error.message}`, error);
    }
    throw clientFailure(error, connection);
  }
}

/**
 * The CliError for a failure of the SDK: unreachable, refused key, or the server's answer. Errors
 * of the tool itself (`TOOL_ERROR`, `RPC_ERROR`) are the caller's to word; they come back as is.
 */
export function clientFailure(error: unknown, connection: ServerConnection): CliError | unknown {
  if (!isCockpitClientError(error)) return error;
  if (error.code === 'NETWORK_ERROR') {
    const cause = error.cause;
    const reason =
      cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : error.message;
    return failure(
      `cannot reach the cockpit at ${connection.url} (${reason}): start it with \`${connection.serveCommand}\` or check --url`,
      error,
    );
  }
  if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') {
    return failure(
      `the cockpit at ${connection.url} refused the request (HTTP ${error.status}): pass a valid --key or set LUKHAS_MCP_API_KEY`,
      error,
    );
  }
  if (error.code === 'TOOL_ERROR' || error.code === 'RPC_ERROR') return error;
  return failure(`the cockpit at ${connection.url} answered: ${error.message}`, error);
}

/** Fetches `pathAndQuery` from the server; resolves only with a 2xx response. */
export async function serverFetch(
  connection: ServerConnection,
  pathAndQuery: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (connection.key !== undefined) headers.set('X-API-Key', connection.key);
  let response: Response;
  try {
    response = await fetch(`${connection.url}${pathAndQuery}`, { ...init, headers });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    const reason =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw failure(
      `cannot reach the cockpit at ${connection.url} (${reason}): start it with \`${connection.serveCommand}\` or check --url`,
      error,
    );
  }
  if (response.ok) return response;
  const body = (await response.text().catch(() => '')).slice(0, 500);
  if (response.status === 401 || response.status === 403) {
    throw failure(
      `the cockpit at ${connection.url} refused the request (HTTP ${response.status}): pass a valid --key or set LUKHAS_MCP_API_KEY`,
    );
  }
  throw failure(`the cockpit at ${connection.url} answered HTTP ${response.status}: ${reasonOf(body)}`);
}

// The server's JSON errors are `{ error, … }`; anything else is shown as text.
function reasonOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON
  }
  return body.trim() === '' ? '(no body)' : body.trim();
}
