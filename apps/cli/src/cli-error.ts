import { CockpitError } from '@lukhas/core';

/** Exit codes scripts can rely on (documented in the README). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Why the CLI stopped: `USAGE` (exit 2, usage printed) or `FAILED` (exit 1, the message says what to do). */
export type CliErrorCode = 'USAGE' | 'FAILED';

/** An expected failure: printed as one message, never as a stack trace. */
export class CliError extends CockpitError<CliErrorCode> {
  override readonly name: string = 'CliError';
  /** The command whose usage to print with a `USAGE` error. */
  readonly command: string | undefined;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown; command?: string } = {}) {
    super(code, message, { cause: options.cause });
    this.command = options.command;
  }
}

/** A `USAGE` error (exit 2). */
export function usageError(message: string, command?: string): CliError {
  return new CliError('USAGE', message, command === undefined ? {} : { command });
}

/** A `FAILED` error (exit 1). */
export function failure(message: string, cause?: unknown): CliError {
  return new CliError('FAILED', message, { cause });
}
