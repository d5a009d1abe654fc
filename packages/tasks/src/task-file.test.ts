import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskError } from './task-error.ts';
import {
  DEFAULT_TIMEOUT_SECONDS,
  loadTaskFile,
  parseTaskFile,
  resolveTaskFilePath,
  TaskFileError,
} from './task-file.ts';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository root with an `evals/` directory, and a sibling directory outside it. */
function makeRepo(): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'cockpit-tasks-')));
  tempDirs.push(base);
  const root = path.join(base, 'repo');
  mkdirSync(path.join(root, 'evals'), { recursive: true });
  mkdirSync(path.join(base, 'outside'));
  return { root, outside: path.join(base, 'outside') };
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof TaskFileError) return error.issues;
    throw error;
  }
  throw new Error('expected a TaskFileError');
}

describe('task file', () => {
  it('loads tasks with their defaults and resolves cwd inside the repository root', () => {
    const { root } = makeRepo();
    const file = path.join(root, 'cockpit.tasks.json');
    writeFileSync(
      file,
      JSON.stringify({
        'lukhas-agi-stress': {
          command: ['python', 'stress.py', '--config', '{configId}'],
          cwd: 'evals',
          env: { PYTHONUNBUFFERED: '1' },
          timeoutSeconds: 900,
          description: 'stress suite',
        },
        smoke: { command: ['node', 'smoke.mjs'] },
      }),
    );
    const taskFile = loadTaskFile({ file, repoRoot: root });
    expect(taskFile.path).toBe(file);
    expect(taskFile.tasks.get('lukhas-agi-stress')).toEqual({
      taskId: 'lukhas-agi-stress',
      command: ['python', 'stress.py', '--config', '{configId}'],
      cwd: path.join(root, 'evals'),
      env: { PYTHONUNBUFFERED: '1' },
      timeoutSeconds: 900,
      description: 'stress suite',
    });
    expect(taskFile.tasks.get('smoke')).toMatchObject({
      cwd: root,
      env: {},
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    });
  });

  it('rejects a cwd that escapes the repository root, by .., absolute path or symlink', () => {
    const { root, outside } = makeRepo();
    symlinkSync(outside, path.join(root, 'evals', 'sneaky'));
    const problems = problemsOf(() =>
      parseTaskFile(
        {
          dots: { command: ['ls'], cwd: '../outside' },
          deep: { command: ['ls'], cwd: 'evals/../../outside' },
          absolute: { command: ['ls'], cwd: outside },
          link: { command: ['ls'], cwd: 'evals/sneaky' },
          missing: { command: ['ls'], cwd: 'no-such-dir' },
          fine: { command: ['ls'], cwd: 'evals/.' },
        },
        { file: '/x/cockpit.tasks.json', repoRoot: root },
      ),
    );
    expect(problems).toEqual([
      `dots.cwd: "../outside" resolves to ${outside}, outside the repository root ${root}`,
      `deep.cwd: "evals/../../outside" resolves to ${outside}, outside the repository root ${root}`,
      `absolute.cwd: "${outside}" must be relative to the repository root`,
      `link.cwd: "evals/sneaky" resolves to ${outside}, outside the repository root ${root}`,
      `missing.cwd: "no-such-dir" is not a directory under the repository root ${root}`,
    ]);
  });

  it('names the file and every problem of an invalid one', () => {
    const { root } = makeRepo();
    const error = (() => {
      try {
        return parseTaskFile(
          {
            empty: { command: [] },
            blank: { command: [''] },
            typo: { command: ['ls'], timeout: 5 },
            shell: { command: 'ls -la' },
            slow: { command: ['ls'], timeoutSeconds: 0 },
            badEnv: { command: ['ls'], env: { 'NOT OK': 'x', GOOD: 1 } },
            'bad id!': { command: ['ls'] },
          },
          { file: '/srv/repo/cockpit.tasks.json', repoRoot: root },
        );
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TaskFileError);
    expect(error).toBeInstanceOf(TaskError);
    const { message, issues } = error as TaskFileError;
    expect(message).toMatch(/^Invalid task file \/srv\/repo\/cockpit\.tasks\.json: /);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^empty\.command: expected the program and its arguments/),
        'blank.command: the program (first element) must not be empty',
        expect.stringMatching(/^typo\.timeout: unknown key, expected only command, cwd, env, timeoutSeconds/),
        expect.stringMatching(/^shell\.command: /),
        'slow.timeoutSeconds: expected more than 0 seconds',
        expect.stringMatching(/^badEnv\.env\.NOT OK: expected an environment variable name/),
        'badEnv.env.GOOD: expected a string value',
        expect.stringMatching(/^bad id!: task ids are/),
      ]),
    );
  });

  it('reports unreadable JSON, a non-object and an empty file', () => {
    const { root } = makeRepo();
    const file = path.join(root, 'cockpit.tasks.json');
    writeFileSync(file, '{ "smoke": ');
    expect(problemsOf(() => loadTaskFile({ file, repoRoot: root }))[0]).toMatch(/^not valid JSON/);
    expect(problemsOf(() => parseTaskFile([], { file, repoRoot: root }))).toEqual([
      'expected an object mapping task ids to tasks',
    ]);
    expect(problemsOf(() => parseTaskFile({}, { file, repoRoot: root }))).toEqual(['it defines no tasks']);
  });

  it('finds the file from LUKHAS_TASKS_FILE, else cockpit.tasks.json in the repository root, else none', () => {
    const { root } = makeRepo();
    expect(resolveTaskFilePath({ env: {}, repoRoot: root })).toBeUndefined();
    writeFileSync(path.join(root, 'cockpit.tasks.json'), '{}');
    expect(resolveTaskFilePath({ env: {}, repoRoot: root })).toBe(path.join(root, 'cockpit.tasks.json'));
    writeFileSync(path.join(root, 'evals', 'mine.json'), '{}');
    expect(
      resolveTaskFilePath({
        env: { LUKHAS_TASKS_FILE: 'evals/mine.json' },
        repoRoot: '/elsewhere',
        cwd: root,
      }),
    ).toBe(path.join(root, 'evals', 'mine.json'));
    expect(() =>
      resolveTaskFilePath({ env: { LUKHAS_TASKS_FILE: '/no/such/tasks.json' }, repoRoot: root }),
    ).toThrow('Invalid task file /no/such/tasks.json: LUKHAS_TASKS_FILE names a file that does not exist');
  });
});
