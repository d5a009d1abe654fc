/**
 * `startProcess()`: a Node child process (a `.ts` script runs through tsx) started for a test and
 * awaited until its output says it is ready, with its output kept for failure messages and a
 * `stop()` that never leaves it behind; `trackProcess()` does the same for any spawned program.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';

// Absolute, so a child can run from any working directory (a temp folder with no node_modules).
const TSX = createRequire(import.meta.url).resolve('tsx');

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Options of {@link startProcess}. */
export interface StartProcessOptions {
  /** The file Node runs: a `.ts` file runs through tsx (resolved from this kit). */
  readonly script: string;
  /** The script's arguments. */
  readonly args?: readonly string[];
  /** Node's own flags, before the script (`--max-old-space-size=128`). */
  readonly nodeOptions?: readonly string[];
  readonly cwd?: string;
  /** The child's whole environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** Ready once its output (stdout and stderr together) matches this. */
  readonly ready: RegExp;
  /** How long it may take to get ready (default 120 s: tsx compiles on a loaded machine). */
  readonly timeoutMs?: number;
  /** Its name in errors (default `process`). */
  readonly name?: string;
}

/** A spawned child process followed to its end. */
export interface TrackedProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr in arrival order. */
  output(): string;
  /** Resolves once it exited. */
  readonly exited: Promise<ProcessExit>;
  /** SIGTERM, SIGKILL after `graceMs` (default 5 s); resolves once it exited. Idempotent. */
  stop(options?: { readonly graceMs?: number }): Promise<void>;
  /** SIGKILL; resolves once it exited. Idempotent. */
  kill(): Promise<void>;
}

/** A started child process, ready. */
export interface RunningProcess extends TrackedProcess {
  /** What matched `ready`. */
  readonly ready: RegExpExecArray;
}

/**
 * Follows a child spawned with piped stdout and stderr: keeps its output, knows when it exited,
 * stops it, and kills it if the test runner exits first (never a process left behind).
 *
 * @example
 * const prometheus = trackProcess(spawn('prometheus', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
 * // … prometheus.output() …
 * await prometheus.stop();
 */
export function trackProcess(child: ChildProcess): TrackedProcess {
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    output: () => output,
    exited,
    async stop({ graceMs = 5_000 } = {}) {
      if (hasExited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!hasExited()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * Starts `node [nodeOptions] script [args]` and resolves once its output matches `ready`. Rejects
 * with `<name> exited (<code or signal>):\n<output>` if it exits first, or kills it and rejects
 * after `timeoutMs`. A child still running when the test runner exits is killed.
 *
 * @example
 * const child = await startProcess({ script: 'test/runner-child.ts', ready: /^\{"long"/m });
 * // … child.output() …
 * await child.stop();
 */
export function startProcess(options: StartProcessOptions): Promise<RunningProcess> {
  const name = options.name ?? 'process';
  const loader = options.script.endsWith('.ts') ? ['--import', TSX] : [];
  const child = spawn(
    process.execPath,
    [...(options.nodeOptions ?? []), ...loader, options.script, ...(options.args ?? [])],
    { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tracked = trackProcess(child);

  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 120_000;
    let ready = false;
    const timer = setTimeout(() => {
      void tracked.kill();
      reject(new Error(`${name} was not ready within ${timeoutMs} ms:\n${tracked.output()}`));
    }, timeoutMs);
    // Registered after trackProcess's listener: the output already holds the chunk.
    const onData = () => {
      if (ready) return;
      const match = options.ready.exec(tracked.output());
      if (match === null) return;
      ready = true;
      clearTimeout(timer);
      resolve({ ...tracked, ready: match });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // Once ready, a rejection is ignored (a settled promise stays settled). The output may still
    // be in the pipes at 'exit': the message waits for 'close' (bounded: a grandchild may hold them).
    const closed = new Promise((resolve) => child.once('close', resolve));
    void tracked.exited.then(async ({ code, signal }) => {
      clearTimeout(timer);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      reject(new Error(`${name} exited (${code ?? signal}):\n${tracked.output()}`));
    });
  });
}

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
