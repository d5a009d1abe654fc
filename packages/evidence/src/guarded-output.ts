/**
 * Writes buffers onto the pack's output with back-pressure, and fails as soon as the output does:
 * an error, or a close before the end (a client that hung up). Without this a write to a
 * destroyed stream would wait for a `drain` that never comes.
 */
import { finished } from 'node:stream/promises';

/** The output as the zip writer uses it. */
export interface GuardedOutput {
  /** Resolves when the output can take more; rejects once it has failed. */
  write(bytes: Buffer): Promise<void>;
  /** Ends the output; resolves once it has flushed the last byte. */
  end(): Promise<void>;
  /** Destroys the output with `error` (a failed pack must not look complete). */
  fail(error: unknown): void;
}

/**
 * @example
 * const out = guardedOutput(createWriteStream('pack.zip'));
 * await out.write(header);
 * await out.end();
 */
export function guardedOutput(output: NodeJS.WritableStream): GuardedOutput {
  const stream = output as NodeJS.WritableStream & { destroyed?: boolean; destroy?: (error?: Error) => void };
  let failure: Error | undefined;
  // Listening from the start: an error emitted between two writes must not crash the process.
  stream.on('error', (error: Error) => {
    failure ??= error;
  });
  stream.on('close', () => {
    failure ??= new Error('the evidence output was closed before the pack was complete');
  });
  const waitForDrain = () =>
    new Promise<void>((resolve, reject) => {
      const settle = () => {
        stream.off('drain', settle);
        stream.off('error', settle);
        stream.off('close', settle);
        if (failure === undefined) resolve();
        else reject(failure);
      };
      stream.on('drain', settle);
      stream.on('error', settle);
      stream.on('close', settle);
    });
  return {
    async write(bytes) {
      if (failure !== undefined) throw failure;
      if (stream.destroyed === true)
        throw new Error('the evidence output was closed before the pack was complete');
      if (!stream.write(bytes)) await waitForDrain();
    },
    async end() {
      if (failure !== undefined) throw failure;
      stream.end();
      // The writable side only: a PassThrough handed to a response finishes when it has taken the
      // last byte, before the client has read it (as pipeline() waits for its destination).
      await finished(stream, { readable: false });
    },
    fail(error) {
      if (stream.destroyed !== true)
        stream.destroy?.(error instanceof Error ? error : new Error(String(error)));
    },
  };
}
