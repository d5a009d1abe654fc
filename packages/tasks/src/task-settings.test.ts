import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTaskError, type TaskError } from './task-error.ts';
import { TaskFileError } from './task-file.ts';
import { parseTaskSettings } from './task-settings.ts';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cockpit-settings-')));
  tempDirs.push(root);
  return root;
}

describe('parseTaskSettings', () => {
  it('is demo mode with the default knobs and the allow-listed environment when nothing is set', () => {
    const root = tempRoot();
    expect(parseTaskSettings({ PATH: '/bin', PROM_BEARER: 't' }, { repoRoot: root, cwd: root })).toEqual({
      taskFile: null,
      jobs: { maxConcurrent: 2, cancelGraceMs: 5000 },
      baseEnv: { PATH: '/bin' },
    });
  });

  it('loads LUKHAS_TASKS_FILE relative to the working directory and reads every knob', () => {
    const root = tempRoot();
    writeFileSync(path.join(root, 'mine.json'), JSON.stringify({ smoke: { command: ['true'] } }));
    const settings = parseTaskSettings(
      {
        LUKHAS_TASKS_FILE: 'mine.json',
        LUKHAS_MAX_CONCURRENT_JOBS: '4',
        LUKHAS_JOB_CANCEL_GRACE_MS: '0',
        LUKHAS_TASK_ENV_ALLOW: 'HF_HOME',
        HF_HOME: '/hf',
      },
      { repoRoot: root, cwd: root },
    );
    expect(settings.taskFile?.path).toBe(path.join(root, 'mine.json'));
    expect([...(settings.taskFile?.tasks.keys() ?? [])]).toEqual(['smoke']);
    expect(settings.jobs).toEqual({ maxConcurrent: 4, cancelGraceMs: 0 });
    expect(settings.baseEnv).toEqual({ HF_HOME: '/hf' });
  });

  it('throws the one error there is as it is', () => {
    const root = tempRoot();
    expect(() =>
      parseTaskSettings({ LUKHAS_TASKS_FILE: 'missing.json' }, { repoRoot: root, cwd: root }),
    ).toThrow(TaskFileError);
  });

  it('names every bad variable in one error, with the errors as its cause', () => {
    const root = tempRoot();
    let caught: unknown;
    try {
      parseTaskSettings(
        {
          LUKHAS_TASKS_FILE: 'missing.json',
          LUKHAS_MAX_CONCURRENT_JOBS: '0',
          LUKHAS_JOB_CANCEL_GRACE_MS: 'soon',
          LUKHAS_TASK_ENV_ALLOW: 'PROM_*',
        },
        { repoRoot: root, cwd: root },
      );
    } catch (error) {
      caught = error;
    }
    expect(isTaskError(caught, 'INVALID_TASK_SETTINGS')).toBe(true);
    const { message, cause } = caught as TaskError;
    expect(message).toContain('LUKHAS_MAX_CONCURRENT_JOBS must be a whole number from 1 to 64, got "0"');
    expect(message).toContain(
      'LUKHAS_JOB_CANCEL_GRACE_MS must be a whole number from 0 to 600000, got "soon"',
    );
    expect(message).toContain('LUKHAS_TASK_ENV_ALLOW entry "PROM_*"');
    expect(message).toContain('LUKHAS_TASKS_FILE names a file that does not exist');
    expect(cause).toBeInstanceOf(AggregateError);
    expect((cause as AggregateError).errors).toHaveLength(3);
  });
});
