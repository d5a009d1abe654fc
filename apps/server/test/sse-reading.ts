/**
 * An `/sse` stream read by a test as raw wire text: the ids of its event frames so far. Shared by
 * the PostgreSQL tests that compare what a client received with the stored event log.
 */
import { expect } from 'vitest';

/** An `/sse` stream being read. */
export interface SseReading {
  /** The `id:` of every event frame received so far, in arrival order. */
  ids(): number[];
  /** Resolves once the server ended the stream (or the test closed it). */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `GET <baseUrl>/sse?<query>` with `key` (and a `Last-Event-ID` to resume after). */
export function readSse(
  baseUrl: string,
  query: string,
  options: { readonly key: string; readonly lastEventId?: number },
): SseReading {
  const controller = new AbortController();
  let text = '';
  const ended = (async () => {
    const response = await fetch(`${baseUrl}/sse?${query}`, {
      headers: {
        'X-API-Key': options.key,
        ...(options.lastEventId === undefined ? {} : { 'Last-Event-ID': String(options.lastEventId) }),
      },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
    }
  })().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return {
    ids: () => [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1])),
    ended,
    close: () => controller.abort(),
  };
}
