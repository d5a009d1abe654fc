/**
 * The one-file bundle (`dist/mcp-cockpit-client.js`, export `./bundle`), fresh from global-setup's
 * `npm pack`: the same API as dist/index.js with no import left, and the copy that
 * `scripts/cockpit-probe.mjs` runs with plain Node (no install) is byte for byte this build.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './global-setup.ts';

const bundleFile = join(packageRoot, 'dist', 'mcp-cockpit-client.js');
const probeCopy = join(packageRoot, '..', '..', 'scripts', 'vendor', 'mcp-cockpit-client.mjs');

describe('the one-file bundle', () => {
  it('exports what dist/index.js exports and imports nothing', async () => {
    const bundle: Record<string, unknown> = await import(bundleFile);
    const modules: Record<string, unknown> = await import(join(packageRoot, 'dist', 'index.js'));
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(modules).sort());
    expect(await readFile(bundleFile, 'utf8')).not.toMatch(/^\s*import\s/m);
  });

  it('is what scripts/vendor/mcp-cockpit-client.mjs holds, so the probe cannot drift from the SDK', async () => {
    const [fresh, committed] = await Promise.all([readFile(bundleFile, 'utf8'), readFile(probeCopy, 'utf8')]);
    expect(
      committed === fresh,
      'scripts/vendor/mcp-cockpit-client.mjs is stale: run `npm run build` in packages/client, then ' +
        '`cp packages/client/dist/mcp-cockpit-client.js scripts/vendor/mcp-cockpit-client.mjs`',
    ).toBe(true);
  });
});
