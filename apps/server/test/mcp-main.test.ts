/**
 * `/mcp` as `pnpm start` serves it: `src/main.ts` as a real process, driven by the v1 SDK client.
 */
import path from 'node:path';
import { createTempDirs, type RunningServerProcess } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_DIR, startMainProcess } from './main-process.ts';
import { v1Kind } from './mcp-clients.ts';

const tempDirs = createTempDirs();
let server: RunningServerProcess | undefined;

beforeAll(async () => {
  const dir = tempDirs.make('cockpit-mcp-main-');
  server = await startMainProcess({
    LUKHAS_MCP_DB: path.join(dir, 'cockpit.db'),
    LUKHAS_REPO_ROOT: SERVER_DIR,
  });
}, 180_000);

afterAll(async () => {
  await server?.kill();
  tempDirs.removeAll();
});

// Spawning tsx on a busy 2-core machine can take seconds: a bound for the harness, not a speed check.
describe('/mcp of src/main.ts', { timeout: 180_000 }, () => {
  it('serves the tools to an SDK client, with the operator "local" when no keys are set', async () => {
    const client = await v1Kind('2025-11-25').connect(`${server?.url}/mcp`);
    try {
      expect((await client.listTools()).map((tool) => tool.name).slice(0, 2)).toEqual(['search', 'fetch']);
      const job = await client.callTool('run_eval', { taskId: 'main-smoke', wait: true });
      expect(job.structuredContent).toMatchObject({
        status: 'completed',
        operator: 'local',
        taskId: 'main-smoke',
      });
      const found = await client.callTool('search', { query: 'MCP endpoint' });
      expect(JSON.stringify(found.structuredContent)).toContain('src/mcp/README.md');
    } finally {
      await client.close();
    }
  });
});
