/**
 * What happens to an exception thrown by a user's event handler: it must neither break the event
 * stream nor stop the other handlers, and it must not vanish. As DOM `EventTarget` does, it is
 * reported as an uncaught error: `reportError` where the platform has it (browsers), otherwise
 * rethrown from a microtask (Node's `uncaughtException`, like Node's own `EventTarget`).
 */
export function reportHandlerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') {
    report(error);
    return;
  }
  queueMicrotask(() => {
    throw error;
  });
}
