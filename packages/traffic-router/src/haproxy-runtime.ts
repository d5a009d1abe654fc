/**
 * A small client of HAProxy's runtime API (its `stats socket`): one connection per command, the
 * command sent as one line, HAProxy's answer read until it closes the connection (the API's
 * non-interactive mode), all within one timeout.
 *
 * Commands to one address go one at a time, across every client in this process: HAProxy serves
 * few runtime API connections at once (`stats maxconn`, 10 by default) and a unix socket's backlog
 * is short, so many canaries connecting at once were refused with EAGAIN. A command is short
 * (HAProxy answers in well under a millisecond), so the wait in line is too.
 */
import { connect, type Socket } from 'node:net';
import { createKeyedSerial, systemTimers, type Timers } from '@lukhas/core';
import { TrafficRouterError } from './traffic-router-error.ts';

/** Where the runtime API listens: a unix socket, or a TCP address. */
export type HaproxyAddress = { readonly path: string } | { readonly host: string; readonly port: number };

/** How to reach the runtime API. */
export interface HaproxyRuntimeOptions {
  readonly address: HaproxyAddress;
  /** For a whole command: connect, send, read the answer. Default 5000. */
  readonly timeoutMs?: number;
  readonly timers?: Timers;
}

/** Sends commands to one HAProxy. */
export interface HaproxyRuntime {
  /** The address, as written in messages: `/run/haproxy/admin.sock` or `127.0.0.1:9999`. */
  readonly where: string;
  /**
   * Sends `command` (one line) and resolves with HAProxy's answer, trimmed: `''` for a `set` that
   * worked, the error text (`No such backend.`) otherwise. Rejects `ROUTER_UNREACHABLE` when the
   * socket does not exist, refuses, or does not answer in time, `ROUTER_ABORTED` when `signal` aborts.
   */
  command(command: string, signal?: AbortSignal): Promise<string>;
}

// An answer this large is not one of the commands this client sends.
const MAX_ANSWER_BYTES = 1024 * 1024;

// One line per socket address (`where`), shared by every runtime client of this process.
const perAddress = createKeyedSerial();

/**
 * A runtime API client over `node:net`.
 *
 * @example
 * const runtime = createHaproxyRuntime({ address: { path: '/run/haproxy/admin.sock' } });
 * await runtime.command('get weight lukhas-v2/production'); // '25 (initial 1)'
 */
export function createHaproxyRuntime(options: HaproxyRuntimeOptions): HaproxyRuntime {
  const { address } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const timers = options.timers ?? systemTimers;
  const where = 'path' in address ? address.path : `${address.host}:${address.port}`;

  return {
    where,
    command(command, signal) {
      if (/[\r\n]/.test(command)) return Promise.reject(new RangeError('a runtime API command is one line'));
      const unreachable = (reason: string, cause?: unknown) =>
        new TrafficRouterError('ROUTER_UNREACHABLE', `HAProxy runtime API at ${where}: ${reason}`, {
          router: 'haproxy',
          cause,
        });
      return new Promise<string>((resolve, reject) => {
        if (signal?.aborted) {
          reject(aborted(where, signal.reason));
          return;
        }
        let socket: Socket | undefined;
        const chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const finish = (outcome: { answer: string } | { error: Error }) => {
          if (settled) return;
          settled = true;
          timers.clearTimeout(deadline);
          signal?.removeEventListener('abort', onAbort);
          socket?.destroy();
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.answer);
        };
        // The timeout covers the wait in line too: a hung HAProxy fails every caller in time.
        const deadline = timers.setTimeout(() => {
          const queued = socket === undefined ? ' (waiting behind other commands to this socket)' : '';
          finish({ error: unreachable(`no answer within ${timeoutMs}ms${queued}`) });
        }, timeoutMs);
        const onAbort = () => finish({ error: aborted(where, signal?.reason) });
        signal?.addEventListener('abort', onAbort, { once: true });
        // The next command to this address starts once this connection is closed.
        void perAddress.run(
          where,
          () =>
            new Promise<void>((closed) => {
              if (settled) return closed();
              const opened = 'path' in address ? connect({ path: address.path }) : connect(address);
              socket = opened;
              opened.once('close', () => closed());
              opened.on('connect', () => opened.write(`${command}\n`));
              opened.on('data', (chunk: Buffer) => {
                size += chunk.length;
                if (size > MAX_ANSWER_BYTES) {
                  finish({ error: unreachable(`answer larger than ${MAX_ANSWER_BYTES} bytes`) });
                  return;
                }
                chunks.push(chunk);
              });
              opened.on('end', () => finish({ answer: Buffer.concat(chunks).toString('utf8').trim() }));
              opened.on('error', (error: NodeJS.ErrnoException) =>
                finish({ error: unreachable(describeSocketError(error), error) }),
              );
            }),
        );
      });
    },
  };
}

function aborted(where: string, reason: unknown): TrafficRouterError {
  return new TrafficRouterError('ROUTER_ABORTED', `HAProxy runtime API at ${where}: call aborted`, {
    router: 'haproxy',
    cause: reason,
  });
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no socket there (ENOENT): is HAProxy running with this `stats socket`?';
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED): is HAProxy running with this `stats socket`?';
    case 'EACCES':
      return 'permission denied (EACCES)';
    case 'ENOTSOCK':
      return 'not a socket (ENOTSOCK)';
    default:
      return error.code === undefined ? error.message : `${error.message} (${error.code})`;
  }
}
