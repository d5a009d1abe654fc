/**
 * The published tarball (packed by global-setup with plain `npm pack`, as publishing does): only
 * dist, README, CHANGELOG and package.json; no workspace or catalog specifiers left; no Node-only
 * code in dist; installable with npm, importable from Node, type-checkable by a consumer. That a
 * fresh npm project with it installed receives live events from a real running cockpit is tested
 * with the cockpit, in apps/server/test/client-npm-consumer.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { packageRoot } from './global-setup.ts';

const run = promisify(execFile);
const tarball = inject('tarball');
let extracted: string;
let consumer: string | undefined;

/** A fresh npm project in a temp folder with the tarball installed from its path, offline. */
async function installedConsumer(): Promise<string> {
  if (consumer !== undefined) return consumer;
  const folder = await mkdtemp(join(tmpdir(), 'cockpit-client-consumer-'));
  await writeFile(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: folder,
    timeout: 120_000,
  });
  consumer = folder;
  return folder;
}

beforeAll(async () => {
  extracted = await mkdtemp(join(tmpdir(), 'cockpit-client-unpacked-'));
  await run('tar', ['xzf', tarball, '-C', extracted]);
});

describe('the npm tarball', () => {
  it('holds only dist, README.md, CHANGELOG.md and package.json', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const entries = stdout.split('\n').filter((line) => line !== '' && !line.endsWith('/'));
    for (const entry of entries) {
      expect(entry).toMatch(/^package\/(package\.json|README\.md|CHANGELOG\.md|dist\/[a-z-]+\.(js|d\.ts))$/);
    }
    expect(entries).toEqual(
      expect.arrayContaining([
        'package/package.json',
        'package/README.md',
        'package/CHANGELOG.md',
        'package/dist/index.js',
        'package/dist/index.d.ts',
      ]),
    );
    expect(entries.some((entry) => entry.includes('.test.'))).toBe(false);
  });

  it('has a publishable package.json: public, no workspace/catalog specifiers, no runtime dependencies', async () => {
    const text = await readFile(join(extracted, 'package', 'package.json'), 'utf8');
    expect(text).not.toMatch(/workspace:|catalog:/);
    const manifest = JSON.parse(text);
    expect(manifest).toMatchObject({
      name: '@lukhas/mcp-cockpit-client',
      version: '0.1.0',
      type: 'module',
      sideEffects: false,
      engines: { node: '>=20' },
    });
    expect(manifest.private).toBeUndefined();
    expect(typeof manifest.license).toBe('string');
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.exports['.'])).toEqual(['types', 'default']);
  });

  it('names the pnpm catalog versions in its own devDependencies (npm cannot read `catalog:`)', async () => {
    const manifest = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    const catalog = await readFile(join(packageRoot, '..', '..', 'pnpm-workspace.yaml'), 'utf8');
    for (const [name, range] of Object.entries(manifest.devDependencies)) {
      const line = new RegExp(`^  "?${name.replace(/[/.]/g, '\\$&')}"?: (.+)$`, 'm').exec(catalog);
      expect(line?.[1]?.trim(), `${name} in the catalog of pnpm-workspace.yaml`).toBe(range);
    }
  });

  it('ships a dist with no Node-only code, so browsers can load it as is', async () => {
    const dist = join(extracted, 'package', 'dist');
    for (const file of (await readdir(dist)).filter((name) => name.endsWith('.js'))) {
      const code = await readFile(join(dist, file), 'utf8');
      expect(code, file).not.toMatch(
        /from ['"]node:|require\(|\bprocess\.|\bBuffer\b|from ['"](fs|http|https|net|stream|events)['"]/,
      );
      // Every relative import names a .js file that exists.
      for (const [, target] of code.matchAll(/from ['"](\.[^'"]+)['"]/g)) {
        expect(target, `${file} imports ${target}`).toMatch(/\.js$/);
        await expect(readFile(join(dist, target ?? ''), 'utf8')).resolves.toBeTypeOf('string');
      }
    }
  });

  it('installs with npm, imports in Node and type-checks in a consumer project', async () => {
    const consumer = await installedConsumer();

    const script = [
      "import { LukhasMCPCockpit, CockpitClientError } from '@lukhas/mcp-cockpit-client';",
      "const cockpit = new LukhasMCPCockpit('http://localhost:8766', 'api-key');",
      "cockpit.on('completed', (event) => console.log(event.narrative));",
      "console.log(typeof LukhasMCPCockpit, typeof cockpit.runEval, new CockpitClientError('TOOL_ERROR', 'x').code, cockpit.state);",
    ].join('\n');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
    expect(stdout.trim()).toBe('function function TOOL_ERROR idle');

    await writeFile(
      join(consumer, 'index.ts'),
      [
        "import { LukhasMCPCockpit, isCockpitClientError, type JobRecord } from '@lukhas/mcp-cockpit-client';",
        "const cockpit = new LukhasMCPCockpit('http://localhost:8766', 'api-key');",
        'declare function updateLatencyChart(value: number | null): void;',
        "cockpit.on('completed', (event) => console.log(event.narrative));",
        "cockpit.on('metric', (event) => updateLatencyChart(event.data.latency_p95_ms));",
        "cockpit.on('error', (error) => console.error(error.code, error.status));",
        "cockpit.subscribe('canary/*');",
        "export async function main(): Promise<JobRecord['status']> {",
        "  try { return (await cockpit.runEval({ taskId: 'demo' })).status; }",
        "  catch (error) { if (isCockpitClientError(error, 'TOOL_ERROR')) return 'failed'; throw error; }",
        '}',
      ].join('\n'),
    );
    const compilerOptions = {
      target: 'ES2022',
      strict: true,
      noEmit: true,
      lib: ['ES2022', 'DOM'],
      types: [],
    };
    for (const [module, moduleResolution] of [
      ['NodeNext', 'NodeNext'],
      ['ESNext', 'Bundler'],
    ]) {
      await writeFile(
        join(consumer, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { ...compilerOptions, module, moduleResolution },
          files: ['index.ts'],
        }),
      );
      const tsc = join(packageRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      await expect(
        run(process.execPath, [tsc, '-p', consumer]),
        `${moduleResolution} consumer`,
      ).resolves.toBeDefined();
    }
  }, 120_000);

  it('passes `npm publish --dry-run` with plain npm (offline, the tarball as packed)', async () => {
    const { stdout } = await run('npm', ['publish', '--dry-run', '--ignore-scripts', '--offline', '--json'], {
      cwd: packageRoot,
      timeout: 120_000,
    });
    const report = JSON.parse(stdout)['@lukhas/mcp-cockpit-client'] as { files: { path: string }[] };
    expect(report.files.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/mcp-cockpit-client.js',
        'package.json',
      ]),
    );
  }, 120_000);
});
