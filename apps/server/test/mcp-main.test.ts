/**
 * `/mcp` as `pnpm start` serves it: `src/main.ts` as a real process, driven by the v1 SDK client.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v1Kind } from './mcp-clients.ts';

const serverDir = path.resolve(import.meta.dirname, '..');
let child: ChildProcess | undefined;
let port = 0;
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cockpit-mcp-main-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      LUKHAS_MCP_DB: path.join(dir, 'cockpit.db'),
      LUKHAS_REPO_ROOT: serverDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}, 180_000);

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// Spawning tsx on a busy 2-core machine can take seconds: a bound for the harness, not a speed check.
describe('/mcp of src/main.ts', { timeout: 180_000 }, () => {
  it('serves the tools to an SDK client, with the operator "local" when no keys are set', async () => {
    const client = await v1Kind('2025-11-25').connect(`http://127.0.0.1:${port}/mcp`);
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
