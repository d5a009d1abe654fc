import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempRepo, type TempRepo } from './fixtures/temp-repo.ts';
import { createGitignoreRules } from './gitignore-rules.ts';
import { type WalkResult, walkDocuments } from './walk-documents.ts';

let repo: TempRepo;
afterEach(() => repo.remove());

async function walk(options: { maxFiles?: number; maxFileBytes?: number } = {}): Promise<WalkResult> {
  return walkDocuments({
    realRoot: repo.root,
    rules: createGitignoreRules({ root: repo.root }),
    extensions: new Set(['.md', '.txt', '.py', '.html', '.log']),
    maxFileBytes: options.maxFileBytes ?? 1024 * 1024,
    maxFiles: options.maxFiles ?? 100,
  });
}

const ids = (result: WalkResult) => result.files.map((file) => file.id);

describe('walkDocuments', () => {
  it('lists candidate files depth-first in sorted order with forward-slash ids', async () => {
    repo = await createTempRepo();
    expect(ids(await walk())).toEqual([
      'README.md',
      'docs/canary-rollback.md',
      'docs/mcp/sse_probe.html',
      'notes/evidence.txt',
      'src/latency_monitor.py',
    ]);
  });

  it('honours root and nested .gitignore files, with negation, and always skips .git and node_modules', async () => {
    repo = await createTempRepo({
      sample: false,
      files: {
        '.gitignore': 'build/\n*.log\nsecret*.md\n',
        'build/out.md': 'built',
        'app.log': 'root log',
        'secret-plan.md': 'hidden',
        'keep.md': 'kept',
        'sub/.gitignore': '!keep.log\ndrafts/\n',
        'sub/keep.log': 're-included by the nested .gitignore',
        'sub/other.log': 'still ignored',
        'sub/drafts/draft.md': 'ignored by the nested .gitignore',
        'sub/notes.md': 'kept',
        '.git/HEAD.md': 'never',
        'node_modules/pkg/README.md': 'never',
        'deep/node_modules/x.md': 'never',
      },
    });
    const result = await walk();
    expect(ids(result)).toEqual(['keep.md', 'sub/keep.log', 'sub/notes.md']);
    expect(result.skipped.ignored).toBe(8);
  });

  it('keeps a re-included file out when its directory is excluded, as git does', async () => {
    repo = await createTempRepo({
      sample: false,
      files: { '.gitignore': 'private/\n!private/public.md\n', 'private/public.md': 'x', 'open.md': 'y' },
    });
    expect(ids(await walk())).toEqual(['open.md']);
  });

  it('indexes in-root file symlinks but not those leading outside the root or to ignored files', async () => {
    repo = await createTempRepo({
      sample: false,
      files: { 'real.md': 'in root', '.gitignore': 'hidden/\n', 'hidden/h.md': 'h' },
    });
    await repo.write('../outside/secret.md', 'outside');
    await symlink(path.join(repo.outside, 'secret.md'), repo.pathOf('escape.md'));
    await symlink(repo.outside, repo.pathOf('escape-dir'));
    await symlink('real.md', repo.pathOf('alias.md'));
    await symlink('hidden/h.md', repo.pathOf('peek.md'));
    await symlink('missing.md', repo.pathOf('broken.md'));
    const result = await walk();
    expect(ids(result)).toEqual(['alias.md', 'real.md']);
    expect(result.files[0]?.realPath).toBe(repo.pathOf('real.md'));
    expect(result.skipped.outsideRoot).toBe(3);
  });

  it('skips oversized files and files of other types, and stops at maxFiles', async () => {
    repo = await createTempRepo({
      sample: false,
      files: { 'a.md': 'a', 'b.md': 'b', 'c.md': 'x'.repeat(100), 'd.png': 'p' },
    });
    const result = await walk({ maxFileBytes: 50 });
    expect(ids(result)).toEqual(['a.md', 'b.md']);
    expect(result.skipped).toMatchObject({ tooBig: 1, unsupported: 1 });
    const limited = await walk({ maxFiles: 1 });
    expect(ids(limited)).toEqual(['a.md']);
    expect(limited.truncated).toBe(true);
  });
});
