/**
 * A crash between the temp file and the rename: a real child process killed with SIGKILL right
 * there. The old content must stay whole, nothing may be recorded, and the next write must work.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningProcess, startProcess } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileOpsFixture, type FileOpsFixture } from '../src/fixtures/file-ops-fixture.ts';

const CHILD = fileURLToPath(new URL('./write-then-hang.ts', import.meta.url));
const OLD = `${'{"windowSeconds": 300}\n'.repeat(2000)}`;
const NEW = `${'{"windowSeconds": 600}\n'.repeat(3000)}`;

let fixture: FileOpsFixture;
let child: RunningProcess | undefined;
afterEach(async () => {
  await child?.kill();
  child = undefined;
  await fixture?.close();
});

describe('a crash between the temp file and the rename', () => {
  it('leaves the old content whole and records nothing; the next write works', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': OLD } });
    child = await startProcess({
      script: CHILD,
      args: [fixture.root, fixture.databaseFile, 'configs/slo-prod.json', NEW],
      ready: /TEMP_WRITTEN (\S+)/,
      name: 'write-then-hang',
    });
    const tempName = child.ready[1] as string;
    const folder = path.join(fixture.root, 'configs');
    // Killed exactly there: the new content is on disk in full, beside the untouched file.
    expect(readFileSync(path.join(folder, tempName), 'utf8')).toBe(NEW);
    await child.kill();
    expect(child.output()).not.toContain('WRITE_RETURNED');

    expect(fixture.read('configs/slo-prod.json')).toBe(OLD);
    expect(await fixture.test.store.narrativeFor('configs/slo-prod.json')).toEqual([]);
    // The temp file left behind is no file of the repository.
    expect(readdirSync(folder).sort()).toEqual([tempName, 'slo-prod.json'].sort());
    expect((await fixture.files.list({ path: 'configs' })).entries.map((entry) => entry.name)).toEqual([
      'configs/slo-prod.json',
    ]);

    const after = await fixture.files.write({
      path: 'configs/slo-prod.json',
      content: NEW,
      operator: 'local',
    });
    expect(after).toMatchObject({ change: 'replaced', removed: 2000, added: 3000 });
    expect(fixture.read('configs/slo-prod.json')).toBe(NEW);
  }, 180_000);
});
