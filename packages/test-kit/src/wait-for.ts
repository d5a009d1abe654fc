/**
 * `waitFor()`: polls a check until it holds, for tests that wait on something another process,
 * a timer or a stream does. Bounds are wall-clock and generous: the test machine may be loaded.
 */

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** How long to keep trying before rejecting (default 30 s). */
  readonly timeoutMs?: number;
  /** The pause between two tries (default 10 ms). */
  readonly intervalMs?: number;
  /**
   * What is awaited, for the timeout error: text, or a function called at the timeout (to add,
   * say, a child process's output).
   */
  readonly message?: string | (() => string);
}

/** What a check returns while the awaited thing has not happened yet. */
type NotYet = false | null | undefined;

/**
 * Calls `check` every `intervalMs` until it returns something other than `false`, `null` or
 * `undefined` (awaiting a promise), and resolves with that. Rejects once `timeoutMs` has passed,
 * or at once with the error of a check that throws.
 *
 * @example
 * await waitFor(() => bus.clientCount() === 0, { message: 'the stream to close' });
 * const job = await waitFor(() => store.getJob(jobId), { timeoutMs: 60_000, message: `job ${jobId}` });
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, NotYet>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result !== false && result !== null && result !== undefined) return result as Exclude<T, NotYet>;
    if (Date.now() > deadline) {
      const what = typeof options.message === 'function' ? options.message() : options.message;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? 'a condition'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
