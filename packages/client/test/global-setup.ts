/**
 * Packs the SDK once before the tests, exactly as publishing does: plain `npm pack` runs `prepack`,
 * which builds dist. The browser test serves that dist; the pack test inspects the tarball. Doing
 * it once here keeps two test files from rebuilding dist under each other's feet.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the packed `.tgz`. */
    tarball: string;
  }
}

const run = promisify(execFile);

/** The package's folder. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export default async function setup(project: TestProject): Promise<void> {
  const destination = await mkdtemp(join(tmpdir(), 'cockpit-client-pack-'));
  await run('npm', ['pack', '--pack-destination', destination], { cwd: packageRoot, timeout: 120_000 });
  const [tarball] = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${destination}`);
  project.provide('tarball', join(destination, tarball));
}
