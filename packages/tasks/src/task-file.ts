/**
 * The task file: which commands the cockpit may run as evaluation jobs. It maps each task id to
 * an argv (no shell), a working directory inside the repository, extra environment variables and
 * a timeout. Read once at start-up; without one the cockpit runs in demo mode.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { TaskError } from './task-error.ts';

/** One runnable task, its paths resolved. */
export interface TaskDefinition {
  readonly taskId: string;
  /** Program and arguments; `{configId}`, `{jobId}` and `{taskId}` are substituted per job. */
  readonly command: readonly string[];
  /** Absolute, symlinks resolved, inside the repository root. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly description: string | null;
}

/** A loaded task file. */
export interface TaskFile {
  readonly path: string;
  readonly tasks: ReadonlyMap<string, TaskDefinition>;
}

/**
 * A task file that cannot be used (code `INVALID_TASK_FILE`): the server refuses to start with it,
 * exit code 2, like any other bad setting.
 */
export class TaskFileError extends TaskError {
  override readonly name: string = 'TaskFileError';
  readonly taskFile: string;
  /** Each problem, `where: what`. */
  readonly issues: readonly string[];

  constructor(taskFile: string, issues: readonly string[], options: { cause?: unknown } = {}) {
    super('INVALID_TASK_FILE', `Invalid task file ${taskFile}: ${issues.join('; ')}`, options);
    this.taskFile = taskFile;
    this.issues = issues;
  }
}

/** Name of the task file looked for in the repository root when LUKHAS_TASKS_FILE is not set. */
export const DEFAULT_TASK_FILE_NAME = 'cockpit.tasks.json';
/** Timeout of a task that sets none: one hour. */
export const DEFAULT_TIMEOUT_SECONDS = 3600;
const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

const TaskSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'expected an object with a "command"',
  ),
  v.objectWithRest(
    {
      command: v.pipe(
        v.array(v.string('expected a string argument')),
        v.minLength(1, 'expected the program and its arguments, e.g. ["python", "eval.py"]'),
        v.check((argv) => (argv[0] ?? '').trim() !== '', 'the program (first element) must not be empty'),
      ),
      cwd: v.optional(
        v.pipe(v.string(), v.minLength(1, 'expected a directory relative to the repository root')),
      ),
      env: v.optional(
        v.record(
          v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')),
          v.string('expected a string value'),
        ),
      ),
      timeoutSeconds: v.optional(
        v.pipe(
          v.number('expected a number of seconds'),
          v.gtValue(0, 'expected more than 0 seconds'),
          v.maxValue(MAX_TIMEOUT_SECONDS, `expected at most ${MAX_TIMEOUT_SECONDS} seconds (7 days)`),
        ),
      ),
      description: v.optional(v.string()),
    },
    v.never('expected only command, cwd, env, timeoutSeconds, description'),
  ),
);

const TaskFileSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'expected an object mapping task ids to tasks',
  ),
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/, 'task ids are 1-128 letters, digits and ._:@/-'),
    ),
    TaskSchema,
  ),
);

/**
 * Where the task file is: LUKHAS_TASKS_FILE (relative to `cwd`), else `cockpit.tasks.json` in the
 * repository root when it exists, else undefined (demo mode). A LUKHAS_TASKS_FILE that does not
 * exist is an error, not demo mode: the operator asked for real tasks.
 */
export function resolveTaskFilePath(options: {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly repoRoot: string;
  readonly cwd?: string;
}): string | undefined {
  const configured = options.env.LUKHAS_TASKS_FILE?.trim();
  if (configured !== undefined && configured !== '') {
    const file = path.resolve(options.cwd ?? process.cwd(), configured);
    if (!existsSync(file))
      throw new TaskFileError(file, ['LUKHAS_TASKS_FILE names a file that does not exist']);
    return file;
  }
  const fallback = path.join(options.repoRoot, DEFAULT_TASK_FILE_NAME);
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Reads and checks a task file; throws a {@link TaskFileError} naming the file and every problem.
 *
 * @example
 * const taskFile = loadTaskFile({ file: '/srv/repo/cockpit.tasks.json', repoRoot: '/srv/repo' });
 * taskFile.tasks.get('lukhas-agi-stress')?.command; // ['python', 'evals/stress.py', '--config', '{configId}']
 */
export function loadTaskFile(options: { readonly file: string; readonly repoRoot: string }): TaskFile {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(options.file, 'utf8'));
  } catch (error) {
    const problem = error instanceof SyntaxError ? `not valid JSON (${error.message})` : messageOf(error);
    throw new TaskFileError(options.file, [problem], { cause: error });
  }
  return parseTaskFile(input, options);
}

/** Checks the parsed JSON of a task file and resolves each task's working directory. */
export function parseTaskFile(
  input: unknown,
  options: { readonly file: string; readonly repoRoot: string },
): TaskFile {
  const parsed = v.safeParse(TaskFileSchema, input);
  if (!parsed.success) {
    throw new TaskFileError(options.file, parsed.issues.map(describeIssue));
  }
  const root = realDirectory(options.repoRoot);
  if (root === undefined) {
    throw new TaskFileError(options.file, [`the repository root ${options.repoRoot} is not a directory`]);
  }
  const issues: string[] = [];
  const tasks = new Map<string, TaskDefinition>();
  for (const [taskId, task] of Object.entries(parsed.output)) {
    const cwd = resolveCwd(root, task.cwd ?? '.');
    if (typeof cwd !== 'string') {
      issues.push(`${taskId}.cwd: ${cwd.problem}`);
      continue;
    }
    tasks.set(taskId, {
      taskId,
      command: task.command,
      cwd,
      env: task.env ?? {},
      timeoutSeconds: task.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      description: task.description ?? null,
    });
  }
  if (issues.length > 0) throw new TaskFileError(options.file, issues);
  if (tasks.size === 0) throw new TaskFileError(options.file, ['it defines no tasks']);
  return { path: options.file, tasks };
}

// Symlinks are resolved before the check, so a link pointing out of the repository is caught too.
function resolveCwd(root: string, cwd: string): string | { problem: string } {
  if (path.isAbsolute(cwd)) return { problem: `"${cwd}" must be relative to the repository root` };
  const real = realDirectory(path.resolve(root, cwd));
  if (real === undefined) return { problem: `"${cwd}" is not a directory under the repository root ${root}` };
  const relative = path.relative(root, real);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return { problem: `"${cwd}" resolves to ${real}, outside the repository root ${root}` };
  }
  return real;
}

function realDirectory(directory: string): string | undefined {
  try {
    const real = realpathSync(directory);
    return statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const where = v.getDotPath(issue);
  if (issue.type === 'never') return `${where}: unknown key, ${issue.message}`;
  return where === null || where === '' ? issue.message : `${where}: ${issue.message}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
