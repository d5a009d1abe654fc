// The CLI as compiled JavaScript: `cockpit` starts in a fraction of a second instead of paying
// tsx's compile on every run. esbuild bundles src/main.ts with what it imports, the workspace's
// TypeScript and the third-party JavaScript alike: loading one file is much faster than loading
// the hundreds of small modules of kysely or archiver one by one. Native addons (better-sqlite3)
// stay external, imported from their installed path.
// Modules the CLI imports lazily (the server, for `serve`) stay separate chunks, so a command
// loads only what it runs.
//
// The build is redone only when stale: dist/cockpit.json names the current build's folder and lists
// every file that went into it (and the lockfile, which pins the external paths); one stat per
// input tells whether any changed after the build. A build goes to a folder of its own and then
// the pointer is replaced by a rename, so CLIs started side by side never read half a build.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(appRoot, '../..');
const dist = join(appRoot, 'dist');
const pointerPath = join(dist, 'cockpit.json');
/** Files whose change makes the build stale besides its own inputs. */
const EXTRA_INPUTS = ['pnpm-lock.yaml', 'apps/cli/bin/compiled-cli.mjs'];
/** Packages with a compiled addon: loaded from where they are installed, never bundled. */
const NATIVE_ADDONS = /^(better-sqlite3|pg-native)$/;
/** Older builds are removed once this old: a CLI started from one may still load its chunks. */
const OLD_BUILD_MS = 10 * 60_000;

/**
 * The entry file of a build that matches the sources, built first when missing or stale.
 *
 * @example
 * await import(pathToFileURL(await freshBuild()).href);
 */
export async function freshBuild() {
  return currentBuild() ?? (await buildCli());
}

/** The current build's entry file, or undefined when there is none or an input changed after it. */
export function currentBuild() {
  let pointer;
  let builtAt;
  try {
    builtAt = statSync(pointerPath).mtimeMs;
    pointer = JSON.parse(readFileSync(pointerPath, 'utf8'));
  } catch {
    return undefined;
  }
  for (const input of pointer.inputs) {
    try {
      if (statSync(join(workspaceRoot, input)).mtimeMs > builtAt) return undefined;
    } catch {
      return undefined; // an input was removed or renamed
    }
  }
  return join(dist, pointer.folder, 'main.js');
}

/** Compiles src/main.ts into a new build folder, points dist/cockpit.json at it, returns its entry. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const folder = `build-${Date.now().toString(36)}-${process.pid}`;
  const result = await build({
    absWorkingDir: workspaceRoot,
    entryPoints: [join(appRoot, 'src/main.ts')],
    outdir: join(dist, folder),
    outExtension: { '.js': '.js' },
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    metafile: true,
    logLevel: 'silent', // a failure is reported by the caller, once
    plugins: [runFromDist()],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __cockpitRequire } from 'node:module';\nconst require = __cockpitRequire(import.meta.url);",
    },
  });
  // The folder's modules are ES modules whatever package.json says above them.
  writeFileSync(join(dist, folder, 'package.json'), '{"type":"module"}\n');
  const inputs = [...Object.keys(result.metafile.inputs), ...EXTRA_INPUTS];
  const partial = `${pointerPath}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify({ folder, inputs })}\n`);
  renameSync(partial, pointerPath);
  removeOldBuilds(folder);
  return join(dist, folder, 'main.js');
}

function removeOldBuilds(current) {
  for (const name of readdirSync(dist)) {
    if (!name.startsWith('build-') || name === current) continue;
    const folder = join(dist, name);
    if (Date.now() - statSync(folder).mtimeMs > OLD_BUILD_MS)
      rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * An esbuild plugin for running the bundle from dist: a native addon is resolved where the
 * importing file would resolve it and left as an import of that absolute path; the SDK client is
 * taken from its sources (its dist may not be built yet); and `import.meta.url` keeps naming the
 * workspace's source file, so paths relative to it (the cockpit's pages) still point at the files.
 */
function runFromDist() {
  return {
    name: 'run-from-dist',
    setup(build) {
      build.onResolve({ filter: /^@lukhas\/mcp-cockpit-client$/ }, () => ({
        path: join(workspaceRoot, 'packages/client/src/index.ts'),
      }));
      build.onResolve({ filter: NATIVE_ADDONS }, async (args) => {
        if (args.pluginData === 'resolving') return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'resolving',
        });
        // Not installed (pg-native is optional, and pg requires it inside a try): left as it is.
        if (resolved.errors.length > 0) return { path: args.path, external: true };
        return { path: resolved.path, external: true };
      });
      build.onLoad({ filter: /\.ts$/, namespace: 'file' }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}
