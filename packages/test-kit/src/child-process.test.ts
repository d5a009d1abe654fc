import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive, startProcess, trackProcess } from './child-process.ts';
import { startServerProcess } from './server-process.ts';
import { createTempDirs } from './temp-dirs.ts';
import { waitFor } from './wait-for.ts';

const tempDirs = createTempDirs();
afterAll(() => tempDirs.removeAll());

/** Writes a script into a temp folder and returns its path. */
function script(name: string, text: string): string {
  const file = path.join(tempDirs.make('test-kit-child-'), name);
  writeFileSync(file, text);
  return file;
}

// A child of Node takes a moment to start on a loaded machine: generous bounds, not speed checks.
describe('startProcess', { timeout: 120_000 }, () => {
  it('resolves once the output matches, keeps the output, and stops the child with SIGTERM', async () => {
    const file = script(
      'ready.mjs',
      "console.error('warming up'); setTimeout(() => console.log('ready on 42'), 20); setInterval(() => {}, 1000);",
    );
    const child = await startProcess({ script: file, ready: /ready on (\d+)/ });
    expect(child.ready[1]).toBe('42');
    expect(child.output()).toContain('warming up');
    expect(isProcessAlive(child.child.pid ?? -1)).toBe(true);
    await child.stop();
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
    await child.stop(); // idempotent
  });

  it('runs a .ts script through tsx, from any folder, with its arguments and environment', async () => {
    const file = script(
      'typed.ts',
      'const word: string = process.argv[2] ?? ""; console.log(word + " " + process.env.WHO);',
    );
    const child = await startProcess({
      script: file,
      args: ['hello'],
      cwd: tempDirs.make('test-kit-cwd-'),
      env: { ...process.env, WHO: 'kit' },
      ready: /hello kit/,
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
  });

  it('rejects with the exit code and the whole output when the child exits before it is ready', async () => {
    const file = script('fails.mjs', "console.error('cannot start: no'); process.exit(2);");
    await expect(startProcess({ script: file, ready: /never/, name: 'server' })).rejects.toThrow(
      /^server exited \(2\):\ncannot start: no/,
    );
  });

  it('kills a child that is not ready in time', async () => {
    const file = script('silent.mjs', 'console.log(process.pid); setInterval(() => {}, 1000);');
    const failure = await startProcess({ script: file, ready: /never/, timeoutMs: 2_000 }).catch(
      (error: Error) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const pid = /^process was not ready within 2000 ms:\n(\d+)/.exec((failure as Error).message)?.[1];
    expect(pid).toBeDefined();
    await waitFor(() => !isProcessAlive(Number(pid)), { message: `process ${pid} to be killed` });
  });
});

describe('startServerProcess', { timeout: 120_000 }, () => {
  it('reads the port from the listening line', async () => {
    const file = script(
      'server.mjs',
      "console.log('MCP Cockpit 0.1.0 listening on http://127.0.0.1:8123'); setInterval(() => {}, 1000);",
    );
    const server = await startServerProcess({ script: file });
    expect(server.port).toBe(8123);
    expect(server.url).toBe('http://127.0.0.1:8123');
    await server.kill();
    expect((await server.exited).signal).toBe('SIGKILL');
  });
});

describe('trackProcess', { timeout: 120_000 }, () => {
  it('keeps the output of any spawned program and stops it', async () => {
    const child = spawn('sh', ['-c', 'echo out; echo err >&2; exec sleep 60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tracked = trackProcess(child);
    await waitFor(() => tracked.output().includes('out') && tracked.output().includes('err'));
    await tracked.stop();
    expect(await tracked.exited).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
