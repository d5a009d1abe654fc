/** The shape of one CLI command, and what it may touch of the process. */
import type { ParseArgsConfig } from 'node:util';

/** Streams and environment a command runs with (injectable for tests). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
}

/** Parsed flags and positionals, as node:util parseArgs returns them. */
export interface CommandArgs {
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly positionals: readonly string[];
}

/** One command: its flags for parseArgs, its help text, and what it does. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text, printed by `cockpit <name> --help`. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Whether positionals are accepted (`why <id>`, `tail <topic…>`). */
  readonly positionals?: { readonly min: number; readonly max?: number; readonly name: string };
  /** Resolves to the exit code. */
  run(args: CommandArgs, io: CliIo): Promise<number>;
}
