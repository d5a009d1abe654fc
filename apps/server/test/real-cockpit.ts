/**
 * The REAL cockpit (`src/main.ts` as `pnpm start` runs it, demo task mode) with a temporary SQLite
 * file and one API key, awaited until it serves both `/sse` and `/mcp`: for the client SDK's tests
 * against the real wire (its integration test, and the packed tarball in a fresh npm project).
 */
import path from 'node:path';
import { CockpitTools } from '@lukhas/mcp-cockpit-client';
import { createTempDirs, waitFor } from '@lukhas/test-kit';
import { startMainProcess } from './main-process.ts';

/** A running server: its base URL, what it printed so far, and how to stop it. */
export interface RealCockpit {
  readonly baseUrl: string;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts the server with `apiKey` on 127.0.0.1 and a port of its choosing, and resolves once it
 * serves both `/sse` and `/mcp`.
 *
 * @example
 * const cockpit = await startRealCockpit('test-key');
 * // … new LukhasMCPCockpit(cockpit.baseUrl, 'test-key') …
 * await cockpit.close();
 */
export async function startRealCockpit(apiKey: string): Promise<RealCockpit> {
  const tempDirs = createTempDirs();
  const server = await startMainProcess({
    HOST: '127.0.0.1',
    LUKHAS_MCP_DB: path.join(tempDirs.make('cockpit-client-real-server-'), 'cockpit.db'),
    LUKHAS_MCP_API_KEYS: apiKey,
  }).catch((error: unknown) => {
    tempDirs.removeAll();
    throw error;
  });
  const close = async () => {
    await server.stop({ graceMs: 6_000 });
    tempDirs.removeAll();
  };
  try {
    await waitUntilReady(server.url, apiKey, server.output);
    return { baseUrl: server.url, output: server.output, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits until the server answers `/sse` with a stream and `/mcp` with its tools. */
async function waitUntilReady(baseUrl: string, apiKey: string, output: () => string): Promise<void> {
  const tools = new CockpitTools(baseUrl, apiKey);
  let last = '';
  await waitFor(
    async () => {
      try {
        const controller = new AbortController();
        const sse = await fetch(`${baseUrl}/sse?topic=*`, {
          headers: { 'X-API-Key': apiKey },
          signal: controller.signal,
        });
        controller.abort();
        const listed = await tools.request<{ tools?: { name: string }[] }>('tools/list');
        last = `GET /sse → ${sse.status}, tools/list → ${listed.tools?.length ?? 0} tools`;
        return sse.status === 200 && listed.tools?.some((tool) => tool.name === 'run_eval') === true;
      } catch (error) {
        last = String(error);
        return false;
      }
    },
    {
      timeoutMs: 60_000,
      intervalMs: 250,
      message: () => `the cockpit server at ${baseUrl} to serve both /sse and /mcp: ${last}\n${output()}`,
    },
  );
}
