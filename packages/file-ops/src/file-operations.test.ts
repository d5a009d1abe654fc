import { createHash } from 'node:crypto';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '@lukhas/core';
import { afterEach, describe, expect, it } from 'vitest';
import { isFileOpsError } from './file-ops-error.ts';
import { createFileOpsFixture, type FileOpsFixture } from './fixtures/file-ops-fixture.ts';

const SLO =
  '{\n  "windowSeconds": 300,\n  "targets": {\n    "latency_p95_ms": 500,\n    "max_error_rate": 0.01\n  }\n}\n';
const SLO_PATCH = [
  '--- a/configs/slo-prod.json',
  '+++ b/configs/slo-prod.json',
  '@@ -3,4 +3,5 @@',
  '   "targets": {',
  '-    "latency_p95_ms": 500,',
  '-    "max_error_rate": 0.01',
  '+    "latency_p95_ms": 450,',
  '+    "max_error_rate": 0.01,',
  '+    "max_drift": 0.2',
  '   }',
  '',
].join('\n');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let fixture: FileOpsFixture;
afterEach(async () => {
  await fixture?.close();
});

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isFileOpsError(error)) return error.code;
    throw error;
  }
  return 'written';
}

async function audits(): Promise<AuditEntry[]> {
  const rows: AuditEntry[] = [];
  for await (const row of fixture.test.store.auditsBetween({ from: 0, to: Date.now() + 60_000 }))
    rows.push(row);
  return rows;
}

describe('write_file', () => {
  it('creates a file (and its folders), and records audit, narrative line and event in one transition', async () => {
    fixture = await createFileOpsFixture();
    const content = '# Triage\nBe brief.\n';
    const result = await fixture.files.write({
      path: 'prompts/triage/system.md',
      content,
      operator: 'key:ab12cd34',
    });
    expect(result).toMatchObject({
      path: 'prompts/triage/system.md',
      change: 'created',
      beforeSha256: null,
      sha256: sha256(content),
      size: content.length,
      added: 2,
      removed: 0,
      diff: '--- /dev/null\n+++ b/prompts/triage/system.md\n@@ -0,0 +1,2 @@\n+# Triage\n+Be brief.\n',
    });
    expect(fixture.read('prompts/triage/system.md')).toBe(content);

    const [audit] = await audits();
    expect(audit).toMatchObject({
      actor: 'key:ab12cd34',
      action: 'file.created',
      entityType: 'file',
      entityId: 'prompts/triage/system.md',
      details: {
        path: 'prompts/triage/system.md',
        beforeSha256: null,
        afterSha256: sha256(content),
        diff: result.diff,
      },
    });
    const lines = (await fixture.test.store.narrativeFor('prompts/triage/system.md')).map(
      (entry) => entry.line,
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^\[\d{4}-\d\d-\d\d \d\d:\d\d\] key:ab12cd34 → created prompts\/triage\/system\.md \(\+2 −0\)$/,
      ),
    ]);
    expect(fixture.events).toEqual([
      expect.objectContaining({
        id: result.eventId,
        kind: 'file',
        topic: 'file/prompts/triage/system.md',
        entityId: 'prompts/triage/system.md',
        type: 'created',
        data: expect.objectContaining({
          change: 'created',
          afterSha256: sha256(content),
          operator: 'key:ab12cd34',
        }),
      }),
    ]);
  });

  it('replaces a file when expectedSha256 is the current hash, keeping its mode', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    const next = SLO.replace('300', '600');
    const result = await fixture.files.write({
      path: 'configs/slo-prod.json',
      content: next,
      expectedSha256: sha256(SLO),
      operator: 'local',
    });
    expect(result).toMatchObject({
      change: 'replaced',
      beforeSha256: sha256(SLO),
      sha256: sha256(next),
      added: 1,
      removed: 1,
    });
    expect(fixture.read('configs/slo-prod.json')).toBe(next);
    const lines = (await fixture.test.store.narrativeFor('configs/slo-prod.json')).map((entry) => entry.line);
    expect(lines[0]).toMatch(/ local → replaced configs\/slo-prod\.json \(\+1 −1\)$/);
  });

  it('refuses a stale expectedSha256 with FILE_CHANGED and the current hash, writing and recording nothing', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    const error = await fixture.files
      .write({
        path: 'configs/slo-prod.json',
        content: 'x\n',
        expectedSha256: sha256('what I saw\n'),
        operator: 'local',
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FILE_CHANGED', currentSha256: sha256(SLO) });
    expect((error as Error).message).toContain(
      `its sha256 is now ${sha256(SLO)}, not ${sha256('what I saw\n')}`,
    );
    // A hash for a file that does not exist: the client believes in a file that is gone.
    expect(
      await codeOf(
        fixture.files.write({
          path: 'gone.md',
          content: 'x\n',
          expectedSha256: sha256(SLO),
          operator: 'local',
        }),
      ),
    ).toBe('FILE_CHANGED');
    expect(fixture.read('configs/slo-prod.json')).toBe(SLO);
    expect(existsSync(path.join(fixture.root, 'gone.md'))).toBe(false);
    expect(await audits()).toEqual([]);
    expect(fixture.events).toEqual([]);
  });

  it('of two concurrent writers holding the same hash, exactly one wins; the other gets FILE_CHANGED', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    for (let round = 0; round < 10; round += 1) {
      const current = fixture.read('configs/slo-prod.json');
      const writers = ['alice', 'bob', 'carol'].map((name) =>
        fixture.files.write({
          path: 'configs/slo-prod.json',
          content: `${name} ${round}\n`,
          expectedSha256: sha256(current),
          operator: `key:${name}`,
        }),
      );
      const outcomes = await Promise.allSettled(writers);
      const won = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'FILE_CHANGED' });
      }
      expect(fixture.read('configs/slo-prod.json')).toBe(
        `${['alice', 'bob', 'carol'][won[0] as number]} ${round}\n`,
      );
    }
    expect(await audits()).toHaveLength(10);
  });

  it('refuses binary content and content over the limit', async () => {
    fixture = await createFileOpsFixture({ settings: { maxBytes: 64 } });
    expect(await codeOf(fixture.files.write({ path: 'a.txt', content: 'a\u0000b', operator: 'local' }))).toBe(
      'FILE_BINARY',
    );
    expect(
      await codeOf(fixture.files.write({ path: 'a.txt', content: 'x'.repeat(65), operator: 'local' })),
    ).toBe('FILE_TOO_LARGE');
    expect(
      await codeOf(fixture.files.write({ path: 'a.txt', content: 'x'.repeat(64), operator: 'local' })),
    ).toBe('written');
  });

  it('writes only what LUKHAS_FILE_OPS_ALLOW matches, when it is set', async () => {
    fixture = await createFileOpsFixture({ settings: { allow: ['configs/**', 'prompts/**'] } });
    expect(
      await codeOf(fixture.files.write({ path: 'configs/a.json', content: '{}\n', operator: 'local' })),
    ).toBe('written');
    expect(await codeOf(fixture.files.write({ path: 'src/app.ts', content: 'x\n', operator: 'local' }))).toBe(
      'PATH_NOT_ALLOWED',
    );
    expect(
      await codeOf(fixture.files.write({ path: 'configsx/a.json', content: 'x\n', operator: 'local' })),
    ).toBe('PATH_NOT_ALLOWED');
  });
});

describe('apply_patch', () => {
  it('applies a unified diff and records the diff it made', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    const result = await fixture.files.patch({
      path: 'configs/slo-prod.json',
      patch: SLO_PATCH,
      expectedSha256: sha256(SLO),
      operator: 'key:ab12cd34',
    });
    const patched = SLO.replace('500', '450').replace('0.01\n', '0.01,\n    "max_drift": 0.2\n');
    expect(fixture.read('configs/slo-prod.json')).toBe(patched);
    expect(result).toMatchObject({ change: 'patched', sha256: sha256(patched), added: 3, removed: 2 });
    const lines = (await fixture.test.store.narrativeFor('configs/slo-prod.json')).map((entry) => entry.line);
    expect(lines[0]).toMatch(/ key:ab12cd34 → patched configs\/slo-prod\.json \(\+3 −2\)$/);
    const [audit] = await audits();
    expect(audit?.details).toMatchObject({
      beforeSha256: sha256(SLO),
      afterSha256: sha256(patched),
      diff: result.diff,
    });
  });

  it('changes nothing when a hunk does not apply, and names it', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    const bad = SLO_PATCH.replace('-    "max_error_rate": 0.01', '-    "max_error_rate": 0.05');
    const error = await fixture.files
      .patch({ path: 'configs/slo-prod.json', patch: bad, operator: 'local' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'PATCH_FAILED', hunk: 1 });
    expect((error as Error).message).toContain(
      'line 5 is "    \\"max_error_rate\\": 0.01", the hunk expects',
    );
    expect(fixture.read('configs/slo-prod.json')).toBe(SLO);
    expect(readdirSync(path.join(fixture.root, 'configs'))).toEqual(['slo-prod.json']);
    expect(await audits()).toEqual([]);
  });

  it('refuses a stale hash and a missing file', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    expect(
      await codeOf(
        fixture.files.patch({
          path: 'configs/slo-prod.json',
          patch: SLO_PATCH,
          expectedSha256: sha256('old'),
          operator: 'local',
        }),
      ),
    ).toBe('FILE_CHANGED');
    expect(
      await codeOf(fixture.files.patch({ path: 'configs/none.json', patch: SLO_PATCH, operator: 'local' })),
    ).toBe('FILE_NOT_FOUND');
    expect(fixture.read('configs/slo-prod.json')).toBe(SLO);
  });
});

describe('paths that are refused', () => {
  it('never reads or writes outside the root, through a symlink, into .git or a secret', async () => {
    fixture = await createFileOpsFixture({
      files: {
        '.git/config': '[core]\n',
        'docs/readme.md': '# Docs\n',
        '.gitignore': 'dist/\n',
        'dist/app.js': 'x\n',
      },
    });
    symlinkSync(fixture.outside, path.join(fixture.root, 'linked-dir'));
    symlinkSync(path.join(fixture.outside, 'secret.txt'), path.join(fixture.root, 'linked.txt'));
    symlinkSync(
      path.join(fixture.root, 'docs', 'readme.md'),
      path.join(fixture.root, 'docs', 'inside-link.md'),
    );
    const outsideBefore = fixture.snapshot(fixture.outside);
    const gitBefore = fixture.snapshot(path.join(fixture.root, '.git'));

    const attempts: Record<string, string> = {
      '../outside/secret.txt': 'PATH_OUTSIDE_ROOT',
      '/etc/passwd': 'PATH_OUTSIDE_ROOT',
      'docs/../../outside/secret.txt': 'PATH_OUTSIDE_ROOT',
      '%2e%2e/outside/secret.txt': 'PATH_OUTSIDE_ROOT',
      'docs\\..\\..\\x': 'INVALID_PATH',
      'a\u0000b': 'INVALID_PATH',
      'linked-dir/secret.txt': 'SYMLINK_REFUSED',
      'linked-dir/new.txt': 'SYMLINK_REFUSED',
      'linked.txt': 'SYMLINK_REFUSED',
      'docs/inside-link.md': 'SYMLINK_REFUSED',
      '.git/config': 'PATH_DENIED',
      '.git/hooks/pre-commit': 'PATH_DENIED',
      'sub/.GIT/x': 'PATH_DENIED',
      '.env': 'PATH_DENIED',
      'deploy/.env.production': 'PATH_DENIED',
      'keys/server.pem': 'PATH_DENIED',
      '.ssh/id_ed25519': 'PATH_DENIED',
      'dist/app.js': 'PATH_IGNORED',
      'node_modules/x/index.js': 'PATH_IGNORED',
    };
    const refused: Record<string, string> = {};
    const read: Record<string, string> = {};
    for (const attempt of Object.keys(attempts)) {
      refused[attempt] = await codeOf(
        fixture.files.write({ path: attempt, content: 'PWNED\n', operator: 'local' }),
      );
      read[attempt] = await codeOf(fixture.files.read({ path: attempt }));
    }
    expect(refused).toEqual(attempts);
    // Reading refuses the same paths; a missing file under a refused folder is refused as the folder.
    expect(read).toEqual({ ...attempts, 'linked-dir/new.txt': 'SYMLINK_REFUSED' });
    expect(
      await codeOf(
        fixture.files.patch({
          path: 'linked.txt',
          patch: '@@ -1 +1 @@\n-OUTSIDE-SECRET\n+PWNED\n',
          operator: 'local',
        }),
      ),
    ).toBe('SYMLINK_REFUSED');

    expect(fixture.snapshot(fixture.outside)).toEqual(outsideBefore);
    expect(fixture.snapshot(path.join(fixture.root, '.git'))).toEqual(gitBefore);
    expect(fixture.read('docs/readme.md')).toBe('# Docs\n');
    expect(await audits()).toEqual([]);
  });

  it('never touches the denied files (the task file), under any name', async () => {
    fixture = await createFileOpsFixture({ files: { 'ops/tasks.json': '{"tasks":{}}\n' } });
    const { createFileOperations } = await import('./file-operations.ts');
    const files = createFileOperations({
      root: fixture.root,
      maxBytes: 1024,
      deniedFiles: [path.join(fixture.root, 'ops', 'tasks.json')],
      recorder: fixture.test.store,
    });
    expect(await codeOf(files.read({ path: 'ops/tasks.json' }))).toBe('PATH_DENIED');
    expect(await codeOf(files.write({ path: 'ops/tasks.json', content: '{}\n', operator: 'local' }))).toBe(
      'PATH_DENIED',
    );
    expect(
      await codeOf(files.write({ path: 'cockpit.tasks.json', content: '{}\n', operator: 'local' })),
    ).toBe('PATH_DENIED');
  });
});

describe('read_file', () => {
  it('answers the text with its sha256, or the lines asked for', async () => {
    fixture = await createFileOpsFixture({ files: { 'configs/slo-prod.json': SLO } });
    expect(await fixture.files.read({ path: './configs//slo-prod.json' })).toMatchObject({
      path: 'configs/slo-prod.json',
      text: SLO,
      sha256: sha256(SLO),
      size: SLO.length,
      totalLines: 7,
      startLine: 1,
      endLine: 7,
    });
    expect(
      await fixture.files.read({ path: 'configs/slo-prod.json', startLine: 3, endLine: 4 }),
    ).toMatchObject({
      text: '  "targets": {\n    "latency_p95_ms": 500,\n',
      sha256: sha256(SLO),
      startLine: 3,
      endLine: 4,
    });
    expect(
      await fixture.files.read({ path: 'configs/slo-prod.json', startLine: 7, endLine: 99 }),
    ).toMatchObject({
      text: '}\n',
      endLine: 7,
    });
    expect(await codeOf(fixture.files.read({ path: 'configs/slo-prod.json', startLine: 8 }))).toBe(
      'INVALID_LINE_RANGE',
    );
    expect(
      await codeOf(fixture.files.read({ path: 'configs/slo-prod.json', startLine: 3, endLine: 2 })),
    ).toBe('INVALID_LINE_RANGE');
    expect(await codeOf(fixture.files.read({ path: 'configs/none.json' }))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(fixture.files.read({ path: 'configs' }))).toBe('NOT_A_FILE');
  });

  it('refuses binary files and files over the limit', async () => {
    fixture = await createFileOpsFixture({
      files: { 'img.png': new Uint8Array([0x89, 0x50, 0x00, 0x47]), 'big.txt': 'x'.repeat(100) },
      settings: { maxBytes: 64 },
    });
    expect(await codeOf(fixture.files.read({ path: 'img.png' }))).toBe('FILE_BINARY');
    expect(await codeOf(fixture.files.read({ path: 'big.txt' }))).toBe('FILE_TOO_LARGE');
    expect(await codeOf(fixture.files.write({ path: 'img.png', content: 'text\n', operator: 'local' }))).toBe(
      'FILE_BINARY',
    );
  });
});

describe('list_files', () => {
  it('lists files with size, sha256 and time, honouring .gitignore and the deny-list, never following links', async () => {
    fixture = await createFileOpsFixture({
      files: {
        '.gitignore': 'dist/\n*.log\n',
        'configs/slo-prod.json': SLO,
        'configs/debug.log': 'noise\n',
        'dist/app.js': 'built\n',
        '.env': 'TOKEN=1\n',
        'deploy/.env.local': 'TOKEN=2\n',
        '.git/config': '[core]\n',
        'prompts/triage.md': '# Triage\n',
        'prompts/.triage.md.lukhas-tmp-0a1b2c': 'left by a crash\n',
      },
    });
    symlinkSync(fixture.outside, path.join(fixture.root, 'linked-dir'));
    symlinkSync(path.join(fixture.outside, 'secret.txt'), path.join(fixture.root, 'linked.txt'));
    const listing = await fixture.files.list({});
    expect(listing.entries.map((entry) => entry.name)).toEqual([
      '.gitignore',
      'configs/slo-prod.json',
      'prompts/triage.md',
    ]);
    expect(listing.entries[1]).toEqual({
      name: 'configs/slo-prod.json',
      size: SLO.length,
      sha256: sha256(SLO),
      modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(listing.truncated).toBe(false);

    expect((await fixture.files.list({ path: 'prompts' })).entries.map((entry) => entry.name)).toEqual([
      'prompts/triage.md',
    ]);
    expect((await fixture.files.list({ glob: '*.json' })).entries.map((entry) => entry.name)).toEqual([
      'configs/slo-prod.json',
    ]);
    expect(await fixture.files.list({ limit: 2 })).toMatchObject({ truncated: true, entries: [{}, {}] });
    expect(await codeOf(fixture.files.list({ path: 'linked-dir' }))).toBe('SYMLINK_REFUSED');
    expect(await codeOf(fixture.files.list({ path: '.git' }))).toBe('PATH_DENIED');
    expect(await codeOf(fixture.files.list({ path: '../outside' }))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(fixture.files.list({ glob: 'a/../b' }))).toBe('INVALID_GLOB');
  });
});

describe('why <path>', () => {
  it('tells the story of a file, oldest first', async () => {
    fixture = await createFileOpsFixture();
    await fixture.files.write({ path: 'configs/slo-prod.json', content: SLO, operator: 'local' });
    await fixture.files.patch({ path: 'configs/slo-prod.json', patch: SLO_PATCH, operator: 'key:ab12cd34' });
    await fixture.files.write({ path: 'configs/other.json', content: '{}\n', operator: 'local' });
    const lines = (await fixture.test.store.narrativeFor('configs/slo-prod.json')).map(
      (entry) => entry.message,
    );
    expect(lines).toEqual([
      'local → created configs/slo-prod.json (+7 −0)',
      'key:ab12cd34 → patched configs/slo-prod.json (+3 −2)',
    ]);
  });
});
