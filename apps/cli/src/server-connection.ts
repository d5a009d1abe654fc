/**
 * Requests to a running cockpit (`--url`, `--key`): every network or HTTP failure becomes a
 * CliError that says what to check.
 */
import { failure } from './cli-error.ts';
import type { CliIo } from './command.ts';

/** Where the server is and the API key to send. */
export interface ServerConnection {
  readonly url: string;
  readonly key: string | undefined;
}

/** The default server address, the one `cockpit serve` listens on. */
export const DEFAULT_SERVER_URL = 'http://localhost:8766';

/** `--url`/`--key`, else LUKHAS_MCP_URL/LUKHAS_MCP_API_KEY. */
export function serverConnection(
  url: string | undefined,
  key: string | undefined,
  io: CliIo,
  fallbackUrl?: string,
): ServerConnection | undefined {
  const chosen = url ?? io.env.LUKHAS_MCP_URL ?? fallbackUrl;
  if (chosen === undefined) return undefined;
  try {
    new URL(chosen);
  } catch {
    throw failure(`--url "${chosen}" is not a URL: pass one like ${DEFAULT_SERVER_URL}`);
  }
  return { url: chosen.replace(/\/+$/, ''), key: key ?? io.env.LUKHAS_MCP_API_KEY };
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
      `cannot reach the cockpit at ${connection.url} (${reason}): start it with \`cockpit serve\` or check --url`,
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
