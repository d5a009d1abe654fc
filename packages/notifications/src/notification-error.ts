import { CockpitError } from '@lukhas/core';

/** Stable codes of every notification error. */
export type NotificationErrorCode =
  /** An environment variable of the notifications has an unusable value; the message names it. */
  'INVALID_NOTIFICATION_SETTINGS';

/** Base error of the notifications: a stable `code` and the environment variable concerned. */
export class NotificationError extends CockpitError<NotificationErrorCode> {
  override readonly name: string = 'NotificationError';
  /** The environment variable whose value was refused, e.g. `LUKHAS_NOTIFY_EVENTS`. */
  readonly variable: string;

  constructor(code: NotificationErrorCode, message: string, options: { variable: string; cause?: unknown }) {
    super(code, message, { cause: options.cause });
    this.variable = options.variable;
  }
}

/** True when `error` is a {@link NotificationError}, optionally with the given code. */
export function isNotificationError(
  error: unknown,
  code?: NotificationErrorCode,
): error is NotificationError {
  return error instanceof NotificationError && (code === undefined || error.code === code);
}
