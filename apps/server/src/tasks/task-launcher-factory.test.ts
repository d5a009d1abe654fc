import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inheritedEnv } from './child-process-launcher.ts';
import { loadJobSettings } from './job-settings.ts';
import { TaskFileError } from './task-file.ts';
import { createTaskLauncher } from './task-launcher-factory.ts';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cockpit-factory-')));
  tempDirs.push(root);
  return root;
}

describe('createTaskLauncher', () => {
  it('is in demo mode without a task file: every task id is accepted', () => {
    const choice = createTaskLauncher({ env: {}, repoRoot: tempRoot() });
    expect(choice).toMatchObject({ mode: 'demo', taskFile: null, taskIds: 'any' });
    expect(choice.launcher.knownTasks()).toBe('any');
  });

  it('runs the task file commands when one is configured, knowing exactly its task ids', () => {
    const root = tempRoot();
    writeFileSync(
      path.join(root, 'cockpit.tasks.json'),
      JSON.stringify({ smoke: { command: ['true'] }, 'full-eval': { command: ['true'] } }),
    );
    const choice = createTaskLauncher({ env: {}, repoRoot: root });
    expect(choice).toMatchObject({
      mode: 'tasks',
      taskFile: path.join(root, 'cockpit.tasks.json'),
      taskIds: ['full-eval', 'smoke'],
    });
    expect(choice.launcher.knownTasks()).toEqual(['full-eval', 'smoke']);
  });

  it('refuses to fall back to demo mode when the configured task file is broken', () => {
    const root = tempRoot();
    writeFileSync(path.join(root, 'cockpit.tasks.json'), JSON.stringify({ smoke: { command: [] } }));
    expect(() => createTaskLauncher({ env: {}, repoRoot: root })).toThrow(TaskFileError);
  });
});

describe('job settings and task environment', () => {
  it('reads LUKHAS_MAX_CONCURRENT_JOBS and LUKHAS_JOB_CANCEL_GRACE_MS, with defaults', () => {
    expect(loadJobSettings({})).toEqual({ maxConcurrent: 2, cancelGraceMs: 5000 });
    expect(loadJobSettings({ LUKHAS_MAX_CONCURRENT_JOBS: '4', LUKHAS_JOB_CANCEL_GRACE_MS: '0' })).toEqual({
      maxConcurrent: 4,
      cancelGraceMs: 0,
    });
    expect(() => loadJobSettings({ LUKHAS_MAX_CONCURRENT_JOBS: '0' })).toThrow(
      'LUKHAS_MAX_CONCURRENT_JOBS must be a whole number from 1 to 64, got "0"',
    );
    expect(() => loadJobSettings({ LUKHAS_JOB_CANCEL_GRACE_MS: '1.5s' })).toThrow(
      /LUKHAS_JOB_CANCEL_GRACE_MS/,
    );
  });

  it('never passes the cockpit secrets on to task commands', () => {
    expect(inheritedEnv({ PATH: '/bin', LUKHAS_MCP_API_KEYS: 'k1', PROM_BEARER: 't' })).toEqual({
      PATH: '/bin',
    });
  });
});
