/**
 * A real HTTP server on 127.0.0.1 (random port) that records every webhook call and answers as
 * the test scripts it.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface ReceivedCall {
  readonly path: string;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly rawBody: string;
  /** 1 for the first call to this path, 2 for the next, … */
  readonly attempt: number;
}

/** How to answer a call: a status, after an optional delay, or never. */
export type Answer = { readonly status: number; readonly delayMs?: number } | { readonly hang: true };

/** The running server. */
export interface WebhookServer {
  url(path: string): string;
  readonly calls: ReceivedCall[];
  close(): Promise<void>;
}

/** Starts a server that answers each call with `answer(call)` (default 200). */
export async function startWebhookServer(
  answer: (call: ReceivedCall) => Answer | Promise<Answer> = () => ({ status: 200 }),
): Promise<WebhookServer> {
  const calls: ReceivedCall[] = [];
  const attempts = new Map<string, number>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const path = request.url ?? '/';
      const attempt = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, attempt);
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const call: ReceivedCall = {
        path,
        method: request.method ?? '',
        headers: request.headers,
        body: rawBody === '' ? undefined : JSON.parse(rawBody),
        rawBody,
        attempt,
      };
      calls.push(call);
      const reply = await answer(call);
      if ('hang' in reply) return;
      setTimeout(() => {
        response.writeHead(reply.status, { 'content-type': 'text/plain' });
        response.end('ok');
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
