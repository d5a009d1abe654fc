/**
 * The client SDK as a frontend developer gets it: packed with plain `npm pack`, installed with npm
 * into a fresh project, and run there with plain Node against a REAL running cockpit (`src/main.ts`)
 * — both its dist and its one-file bundle receive an eval's live events. It lives here, not in
 * packages/client: a package's tests do not start an app (the tarball's own checks stay there).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTempDirs } from '@lukhas/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { type RealCockpit, startRealCockpit } from './real-cockpit.ts';

const run = promisify(execFile);
const tempDirs = createTempDirs();
let cockpit: RealCockpit | undefined;

afterAll(async () => {
  await cockpit?.close();
  tempDirs.removeAll();
});

/**
 * Packs the client as it is built (turbo builds it before these tests: `^build`). Scripts are off,
 * so this pack never rebuilds dist under the client's own tests running at the same time.
 */
async function packedClient(): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve('@lukhas/mcp-cockpit-client/package.json');
  const clientRoot = path.dirname(manifest);
  if (!existsSync(path.join(clientRoot, 'dist', 'index.js'))) {
    throw new Error(
      'the client SDK is not built: run `pnpm --filter @lukhas/mcp-cockpit-client build` first',
    );
  }
  const destination = tempDirs.make('cockpit-client-pack-');
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], {
    cwd: clientRoot,
    timeout: 120_000,
  });
  const [tarball] = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${destination}`);
  return path.join(destination, tarball);
}

/** A fresh npm project in a temp folder with the tarball installed from its path, offline. */
async function installedConsumer(): Promise<string> {
  const tarball = await packedClient();
  const folder = tempDirs.make('cockpit-client-consumer-');
  await writeFile(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: folder,
    timeout: 120_000,
  });
  return folder;
}

describe('the npm tarball of the client SDK', () => {
  it('in a fresh npm project, receives live events from a running cockpit (dist and the one-file bundle)', async () => {
    const [folder, server] = await Promise.all([installedConsumer(), startRealCockpit('pack-key')]);
    cockpit = server;
    for (const specifier of ['@lukhas/mcp-cockpit-client', '@lukhas/mcp-cockpit-client/bundle']) {
      const script = [
        `import { LukhasMCPCockpit } from '${specifier}';`,
        `const cockpit = new LukhasMCPCockpit(${JSON.stringify(server.baseUrl)}, 'pack-key');`,
        // Every event is kept: the stream may bring the job's first events before runEval's
        // answer (two connections), so the job's own are picked out once its id is known.
        'const events = [];',
        "const opened = new Promise((resolve) => cockpit.on('open', resolve));",
        "cockpit.on('error', (error) => { console.error(error.code, error.message); process.exit(1); });",
        'let jobId;',
        'let finish;',
        'const done = new Promise((resolve) => { finish = resolve; });',
        "const ended = () => events.some((event) => event.type === 'completed' && event.data.jobId === jobId);",
        "cockpit.on('*', (event) => { events.push(event); if (jobId !== undefined && ended()) finish(); });",
        "cockpit.subscribe('job/*');",
        'await opened;',
        "jobId = (await cockpit.runEval({ taskId: 'pack-consumer' })).jobId;",
        'if (ended()) finish();',
        'await done;',
        'cockpit.close();',
        'const own = events.filter((event) => event.data.jobId === jobId);',
        "console.log(own.map((event) => event.type).filter((type) => type !== 'progress').join(' '));",
      ].join('\n');
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: folder,
        timeout: 60_000,
      });
      expect(stdout.trim(), specifier).toBe('queued running completed');
    }
  }, 150_000);
});
