#!/usr/bin/env node
// Builds dist: `tsc -p tsconfig.build.json` (ESM .js + .d.ts), then esbuild bundles dist/index.js
// into dist/mcp-cockpit-client.js (the whole SDK in one ES module). Both write into a temporary
// folder first; dist then receives only the files whose bytes changed, each by an atomic rename,
// and loses the ones the build no longer makes. The server, the CLI and the pages read dist while
// other packages' tests run, so a rebuild (`npm pack` runs one) must never leave it half-written.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageRoot, 'dist');
const BANNER =
  '// @lukhas/mcp-cockpit-client: the whole SDK in one ES module, bundled from dist/index.js by esbuild. Generated: do not edit.';

const workspace = mkdtempSync(join(tmpdir(), 'cockpit-client-build-'));
try {
  const next = join(workspace, 'dist');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
    cwd: packageRoot,
    stdio: 'inherit',
  });
  // Run from the temporary folder, so the bundle's module comments read `dist/…` wherever it is.
  await build({
    absWorkingDir: workspace,
    entryPoints: ['dist/index.js'],
    outfile: 'dist/mcp-cockpit-client.js',
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    banner: { js: BANNER },
    logLevel: 'warning',
  });
  mkdirSync(dist, { recursive: true });
  const made = new Set(readdirSync(next));
  for (const name of made) {
    const bytes = readFileSync(join(next, name));
    let current;
    try {
      current = readFileSync(join(dist, name));
    } catch {
      current = undefined;
    }
    if (current?.equals(bytes)) continue;
    const partial = join(dist, `.${name}.${process.pid}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, join(dist, name));
  }
  for (const name of readdirSync(dist)) if (!made.has(name)) unlinkSync(join(dist, name));
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
