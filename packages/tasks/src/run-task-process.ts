/**
 * Runs one task as a real child process: no shell, its own process group (so grandchildren die
 * with it), stdout read with the progress protocol, bounded tails of stdout and stderr, a timeout,
 * and cancel as SIGTERM then SIGKILL after the grace period.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  createLineSplitter,
  createOutputTail,
  type LaunchRequest,
  type OutputTailOptions,
  parseTaskOutputLine,
  type TaskOutcome,
} from '@lukhas/job-runner';
import type { TaskDefinition } from './task-file.ts';

/** How one run is set up. */
export interface TaskProcessOptions {
  readonly task: TaskDefinition;
  readonly request: LaunchRequest;
  /** The child's environment before the task's own variables and the job variables are added. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** Bounds of the stdout log tail and of the stderr tail (default 50 lines / 8 KiB each). */
  readonly tail?: OutputTailOptions;
  /** After the main process exits, how long to wait for its output pipes to close (default 1000 ms). */
  readonly drainMs?: number;
}

/** Characters of stderr put into a failure reason (the full tail is in the job's details). */
const REASON_STDERR_LENGTH = 180;

/**
 * Spawns the task and resolves with how it ended; never rejects.
 *
 * @example
 * const outcome = await runTaskProcess({ task, request, baseEnv: process.env });
 */
export function runTaskProcess(options: TaskProcessOptions): Promise<TaskOutcome> {
  const { task, request } = options;
  if (request.signal.aborted) return Promise.resolve({ status: 'cancelled' });
  const [program = '', ...args] = task.command.map((argument) => substitute(argument, request));
  const stdoutTail = createOutputTail(options.tail);
  const stderrTail = createOutputTail(options.tail);
  let result: { readonly value: unknown } | undefined;
  const stdoutLines = createLineSplitter({
    onLine(line) {
      const message = parseTaskOutputLine(line);
      if (message === undefined) {
        stdoutTail.push(line);
        return;
      }
      if (message.progress !== undefined) request.onProgress(message.progress);
      if (message.result !== undefined) result = message.result;
    },
  });
  const stderrLines = createLineSplitter({ onLine: (line) => stderrTail.push(line) });

  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(program, args, {
        cwd: task.cwd,
        env: childEnv(options.baseEnv, task, request),
        // A process group of its own: cancel and timeout signal the whole group.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      resolve(notStarted(program, task, error));
      return;
    }

    let stopReason: 'cancel' | 'timeout' | undefined;
    let exited = false;
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];

    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone. Windows has no process groups: signal the child alone.
        if (process.platform === 'win32') child.kill(signal);
      }
    };
    const stop = (reason: 'cancel' | 'timeout') => {
      if (exited || stopReason !== undefined) return;
      stopReason = reason;
      signalGroup('SIGTERM');
      timers.push(setTimeout(() => signalGroup('SIGKILL'), request.cancelGraceMs));
    };
    const onAbort = () => stop('cancel');
    request.signal.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => stop('timeout'), task.timeoutSeconds * 1000));

    const settle = (outcome: () => TaskOutcome) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      stdoutLines.end();
      stderrLines.end();
      resolve(outcome());
    };

    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdoutLines.push(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => stderrLines.push(chunk));
    // Also emitted when a signal cannot be sent; only a child without a pid never started.
    child.on('error', (error) => {
      if (child.pid === undefined) settle(() => notStarted(program, task, error));
    });
    child.once('exit', () => {
      exited = true;
      // Whatever the task left behind in its group goes with it.
      signalGroup('SIGKILL');
      // A grandchild that left the group may still hold the pipes: do not wait for it forever.
      timers.push(
        setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          settle(() => ended(child.exitCode, child.signalCode));
        }, options.drainMs ?? 1000),
      );
    });
    child.once('close', (code, signal) => settle(() => ended(code, signal)));

    function ended(exitCode: number | null, signal: NodeJS.Signals | null): TaskOutcome {
      const details = {
        exitCode,
        signal,
        stderrTail: stderrTail.text(),
        logTail: stdoutTail.text(),
        pid: child.pid ?? null,
      };
      if (stopReason === 'cancel') return { status: 'cancelled', details };
      if (stopReason === 'timeout') {
        return {
          status: 'failed',
          reason: `timed out after ${task.timeoutSeconds}s`,
          exitCode,
          signal,
          details,
        };
      }
      if (exitCode === 0) return { status: 'completed', result: result?.value ?? null, details };
      const status = signal === null ? `exit code ${exitCode}` : `killed by signal ${signal}`;
      const stderr = summarize(stderrTail.lines());
      const reason = stderr === '' ? status : `${status}: ${stderr}`;
      return { status: 'failed', reason, exitCode, signal, details };
    }
  });
}

function childEnv(
  baseEnv: Readonly<Record<string, string | undefined>>,
  task: TaskDefinition,
  request: LaunchRequest,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...baseEnv, ...task.env })) {
    if (value !== undefined) env[name] = value;
  }
  env.LUKHAS_JOB_ID = request.jobId;
  env.LUKHAS_TASK_ID = request.taskId;
  if (request.configId === null) delete env.LUKHAS_CONFIG_ID;
  else env.LUKHAS_CONFIG_ID = request.configId;
  return env;
}

function substitute(argument: string, request: LaunchRequest): string {
  return argument
    .replaceAll('{configId}', request.configId ?? '')
    .replaceAll('{jobId}', request.jobId)
    .replaceAll('{taskId}', request.taskId);
}

function notStarted(program: string, task: TaskDefinition, error: unknown): TaskOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'failed',
    reason: `could not start "${program}" in ${task.cwd}: ${message}`,
    exitCode: null,
    signal: null,
    details: { exitCode: null, signal: null, stderrTail: '', logTail: '', pid: null },
  };
}

// The last non-empty stderr lines, which is where programs put their error, cut from the front.
function summarize(lines: readonly string[]): string {
  const text = lines
    .filter((line) => line.trim() !== '')
    .slice(-3)
    .map((line) => line.trim())
    .join(' | ');
  return text.length <= REASON_STDERR_LENGTH ? text : `…${text.slice(-REASON_STDERR_LENGTH + 1)}`;
}
