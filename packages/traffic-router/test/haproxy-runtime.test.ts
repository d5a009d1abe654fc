/**
 * The runtime API client against local sockets that misbehave as a real HAProxy never should (or
 * does when hung): no answer, an answer too large. The well-behaved case runs against a real HAProxy
 * in haproxy-router.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHaproxyRuntime } from '../src/index.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A unix socket server that hands each connection to `onConnection`. */
async function socketServer(onConnection: (socket: Socket) => void): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'haproxy-runtime-'));
  const path = join(directory, 'fake.sock');
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(directory, { recursive: true, force: true });
  });
  return path;
}

describe('createHaproxyRuntime', () => {
  it('sends one line and reads the answer until the server closes', async () => {
    const received: string[] = [];
    const path = await socketServer((socket) => {
      socket.once('data', (line) => {
        received.push(line.toString());
        socket.end('25 (initial 1)\n\n');
      });
    });
    const runtime = createHaproxyRuntime({ address: { path } });
    expect(runtime.where).toBe(path);
    expect(await runtime.command('get weight m/production')).toBe('25 (initial 1)');
    expect(received).toEqual(['get weight m/production\n']);
    await expect(runtime.command('show info\nshutdown sessions')).rejects.toThrow(RangeError);
  });

  it('gives up with ROUTER_UNREACHABLE when no answer comes in time', async () => {
    const path = await socketServer(() => undefined);
    const runtime = createHaproxyRuntime({ address: { path }, timeoutMs: 200 });
    await expect(runtime.command('show info')).rejects.toMatchObject({
      code: 'ROUTER_UNREACHABLE',
      message: `HAProxy runtime API at ${path}: no answer within 200ms`,
    });
  });

  it('stops at once with ROUTER_ABORTED when its signal aborts', async () => {
    const path = await socketServer(() => undefined);
    const runtime = createHaproxyRuntime({ address: { path }, timeoutMs: 60_000 });
    const controller = new AbortController();
    const answer = runtime.command('show info', controller.signal);
    controller.abort();
    await expect(answer).rejects.toMatchObject({ code: 'ROUTER_ABORTED' });
  });

  it('refuses an answer larger than 1 MiB', async () => {
    const path = await socketServer((socket) => {
      socket.once('data', () => socket.end(Buffer.alloc(2 * 1024 * 1024, 'x')));
    });
    const runtime = createHaproxyRuntime({ address: { path } });
    await expect(runtime.command('show info')).rejects.toMatchObject({
      code: 'ROUTER_UNREACHABLE',
      message: `HAProxy runtime API at ${path}: answer larger than 1048576 bytes`,
    });
  });

  it('sends commands to one address one at a time, however many callers wait', async () => {
    let open = 0;
    let most = 0;
    const path = await socketServer((socket) => {
      open += 1;
      most = Math.max(most, open);
      socket.once('data', (line) => {
        // Answer a little later, so overlapping connections would show; the server is done with
        // a connection once it answered and closed it, as HAProxy is.
        setTimeout(() => {
          open -= 1;
          socket.end(`${line.toString().trim()}: ok\n`);
        }, 2);
      });
    });
    const runtime = createHaproxyRuntime({ address: { path } });
    const again = createHaproxyRuntime({ address: { path } });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        (index % 2 ? runtime : again).command(`get weight b/s${index}`),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 30 }, (_, index) => `get weight b/s${index}: ok`));
    expect(most).toBe(1);
  });

  it('times a command out while it waits behind a hung one, and drops an aborted one from the line', async () => {
    const received: string[] = [];
    const path = await socketServer((socket) => {
      socket.once('data', (line) => {
        received.push(line.toString().trim());
        if (!line.toString().startsWith('hang')) socket.end('ok\n');
      });
    });
    const runtime = createHaproxyRuntime({ address: { path }, timeoutMs: 300 });
    const patient = createHaproxyRuntime({ address: { path }, timeoutMs: 60_000 });
    const stopHung = new AbortController();
    const hung = patient.command('hang', stopHung.signal);
    const controller = new AbortController();
    const dropped = patient.command('dropped', controller.signal);
    const waiting = runtime.command('waiting');
    controller.abort();
    await expect(dropped).rejects.toMatchObject({ code: 'ROUTER_ABORTED' });
    // The hung command holds the line until it is aborted: `waiting` times out in line.
    await expect(waiting).rejects.toMatchObject({
      code: 'ROUTER_UNREACHABLE',
      message: `HAProxy runtime API at ${path}: no answer within 300ms (waiting behind other commands to this socket)`,
    });
    stopHung.abort();
    await expect(hung).rejects.toMatchObject({ code: 'ROUTER_ABORTED' });
    // Once the hung command gave up, the line moves on; the aborted command never connected.
    expect(await patient.command('next')).toBe('ok');
    expect(received).toEqual(['hang', 'next']);
  });
});
