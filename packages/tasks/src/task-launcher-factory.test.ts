import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJobSettings } from './job-settings.ts';
import { taskBaseEnv, taskEnvAllowList } from './task-env.ts';
import { TaskError } from './task-error.ts';
import { TaskFileError } from './task-file.ts';
import { createTaskLauncher } from './task-launcher-factory.ts';
import { parseTaskSettings } from './task-settings.ts';

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
    const root = tempRoot();
    const choice = createTaskLauncher(parseTaskSettings({}, { repoRoot: root, cwd: root }));
    expect(choice).toMatchObject({ mode: 'demo', taskFile: null, taskIds: 'any' });
    expect(choice.launcher.knownTasks()).toBe('any');
  });

  it('runs the task file commands when one is configured, knowing exactly its task ids', () => {
    const root = tempRoot();
    writeFileSync(
      path.join(root, 'cockpit.tasks.json'),
      JSON.stringify({ smoke: { command: ['true'] }, 'full-eval': { command: ['true'] } }),
    );
    const choice = createTaskLauncher(parseTaskSettings({}, { repoRoot: root, cwd: root }));
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
    expect(() => createTaskLauncher(parseTaskSettings({}, { repoRoot: root, cwd: root }))).toThrow(
      TaskFileError,
    );
  });
});

describe('job settings and task environment', () => {
  it('reads LUKHAS_MAX_CONCURRENT_JOBS and LUKHAS_JOB_CANCEL_GRACE_MS, with defaults', () => {
    expect(parseJobSettings({})).toEqual({ maxConcurrent: 2, cancelGraceMs: 5000 });
    expect(parseJobSettings({ LUKHAS_MAX_CONCURRENT_JOBS: '4', LUKHAS_JOB_CANCEL_GRACE_MS: '0' })).toEqual({
      maxConcurrent: 4,
      cancelGraceMs: 0,
    });
    expect(() => parseJobSettings({ LUKHAS_MAX_CONCURRENT_JOBS: '0' })).toThrow(
      'LUKHAS_MAX_CONCURRENT_JOBS must be a whole number from 1 to 64, got "0"',
    );
    expect(() => parseJobSettings({ LUKHAS_JOB_CANCEL_GRACE_MS: '1.5s' })).toThrow(
      /LUKHAS_JOB_CANCEL_GRACE_MS/,
    );
  });

  it('passes tasks only the allow-listed variables, never the cockpit secrets', () => {
    const env = {
      PATH: '/bin',
      LC_ALL: 'C',
      LUKHAS_MCP_API_KEYS: 'k1',
      PROM_BEARER: 't',
      LUKHAS_CANARY_WEBHOOK_SECRET: 's',
      HF_HOME: '/hf',
      CUDA_VISIBLE_DEVICES: '1',
      LUKHAS_TASK_ENV_ALLOW: 'HF_HOME, CUDA_*',
    };
    expect(taskBaseEnv(env)).toEqual({ PATH: '/bin', LC_ALL: 'C' });
    expect(taskBaseEnv(env, taskEnvAllowList(env))).toEqual({
      PATH: '/bin',
      LC_ALL: 'C',
      HF_HOME: '/hf',
      CUDA_VISIBLE_DEVICES: '1',
    });
  });

  it.each([
    ['LUKHAS_CANARY_WEBHOOK_SECRET', /cockpit's own settings/],
    ['PROM_*', /cockpit's own settings/],
    ['LU*', /cockpit's own settings/],
    ['mcp_rl_bucket', /cockpit's own settings/],
    ['*', /not a variable name/],
    ['HF HOME', /not a variable name/],
  ])('refuses LUKHAS_TASK_ENV_ALLOW=%s naming the variable', (entry, message) => {
    expect(() => taskEnvAllowList({ LUKHAS_TASK_ENV_ALLOW: entry })).toThrow(TaskError);
    expect(() => taskEnvAllowList({ LUKHAS_TASK_ENV_ALLOW: entry })).toThrow(/^LUKHAS_TASK_ENV_ALLOW entry/);
    expect(() => taskEnvAllowList({ LUKHAS_TASK_ENV_ALLOW: entry })).toThrow(message);
  });
});
