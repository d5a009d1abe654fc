/**
 * The base every cockpit error extends: a stable `code` that clients, the CLI and the server's one
 * error mapping rely on (never the message), a message a human can act on, and the `cause`. Each
 * domain (core, persistence, the engines, documents, …) declares its own subclass and code union.
 */

/** Options every cockpit error accepts; subclasses add their typed fields. */
export interface CockpitErrorOptions {
  readonly cause?: unknown;
}

/**
 * Base of every error the cockpit raises on purpose.
 *
 * @example
 * class ReplayError extends CockpitError<ReplayErrorCode> {
 *   override readonly name: string = 'ReplayError';
 * }
 * if (isCockpitError(error)) reply(`${error.message} [${error.code}]`);
 */
export class CockpitError<Code extends string = string> extends Error {
  override readonly name: string = 'CockpitError';
  readonly code: Code;

  constructor(code: Code, message: string, options: CockpitErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** True when `error` is a {@link CockpitError} (of any domain), optionally with the given code. */
export function isCockpitError(error: unknown, code?: string): error is CockpitError {
  return error instanceof CockpitError && (code === undefined || error.code === code);
}

/**
 * True when `error` carries `code`, whatever its class: a port's errors are matched by code, so an
 * engine depends on the port (and its fakes in tests), never on the adapter's package.
 */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** The message of anything thrown, for wrapping it in a sentence. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
