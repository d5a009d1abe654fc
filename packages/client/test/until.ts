/**
 * The client's one polling helper for its tests. The SDK keeps its test helpers to itself (a
 * workspace devDependency would break `npm pack` with plain npm), so this is not `@lukhas/test-kit`.
 */

/** Resolves once `condition` holds, checking every 5 ms; rejects after `timeoutMs` naming `what`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
