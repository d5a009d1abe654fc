/**
 * A real HAProxy for the tests: a temp config with an admin runtime API socket (unix, and TCP when
 * asked), a frontend on a free loopback port, and one backend whose servers are tiny Node HTTP
 * upstreams that answer their own name. Fails (never skips) when the binary is missing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, get, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createHaproxyRuntime } from '../src/index.ts';

/** What to start. */
export interface HaproxyHarnessOptions {
  /** The backend's name, e.g. a model id. */
  readonly backend: string;
  /** Its servers, named after gates, e.g. `['staging', 'production']`. */
  readonly servers: readonly string[];
  /** Also listen on a TCP runtime API socket (`ipv4@127.0.0.1:<port>`). */
  readonly tcpSocket?: boolean;
}

/** A running HAProxy and its upstreams. */
export interface HaproxyHarness {
  /** The unix runtime API socket, level admin. */
  readonly socketPath: string;
  /** `127.0.0.1:<port>` of the TCP runtime API socket, when asked for. */
  readonly tcpSocket: string | undefined;
  /** The temp directory holding the config and the socket. */
  readonly directory: string;
  /** Sends `count` GET requests through the frontend, each on a new connection; counts answers by server name. */
  drive(count: number): Promise<Record<string, number>>;
  /** The last lines HAProxy wrote. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts HAProxy with a fresh config and waits until its runtime API answers. */
export async function startHaproxy(options: HaproxyHarnessOptions): Promise<HaproxyHarness> {
  const binary = await findHaproxy();
  const directory = await mkdtemp(join(tmpdir(), 'traffic-router-it-'));
  const socketPath = join(directory, 'admin.sock');
  const upstreams: HttpServer[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let logTail = '';

  const stop = async () => {
    const running = child;
    if (running !== undefined && running.exitCode === null && running.signalCode === null) {
      running.kill('SIGTERM');
      const killTimer = setTimeout(() => running.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killTimer);
    }
    process.removeListener('exit', killOnExit);
    await Promise.all(upstreams.map((server) => new Promise((resolve) => server.close(resolve))));
    await rm(directory, { recursive: true, force: true });
  };
  // Last resort if the test runner dies before afterAll: never leave an HAProxy behind.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  try {
    const serverLines: string[] = [];
    for (const name of options.servers) {
      const server = createHttpServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
        response.end(name);
      });
      upstreams.push(server);
      serverLines.push(`  server ${name} 127.0.0.1:${await listen(server)}`);
    }
    const frontendPort = await freePort();
    const tcpSocket = options.tcpSocket ? `127.0.0.1:${await freePort()}` : undefined;
    const config = [
      'global',
      `  stats socket ${socketPath} level admin`,
      ...(tcpSocket ? [`  stats socket ipv4@${tcpSocket} level admin`] : []),
      '  nbthread 1',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 30s',
      '  timeout server 30s',
      'frontend traffic',
      `  bind 127.0.0.1:${frontendPort}`,
      `  default_backend ${options.backend}`,
      `backend ${options.backend}`,
      '  balance roundrobin',
      ...serverLines,
      '',
    ].join('\n');
    const configFile = join(directory, 'haproxy.cfg');
    await writeFile(configFile, config);

    child = spawn(binary, ['-f', configFile, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const running = child;
    exited = new Promise((resolve) => running.once('exit', () => resolve()));
    const keepTail = (chunk: Buffer) => {
      logTail = (logTail + chunk.toString()).slice(-8_000);
    };
    running.stdout?.on('data', keepTail);
    running.stderr?.on('data', keepTail);
    await waitUntilAnswering(socketPath, running, () => logTail);

    return {
      socketPath,
      tcpSocket,
      directory,
      drive: (count) => drive(`http://127.0.0.1:${frontendPort}/`, count),
      log: () => logTail,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitUntilAnswering(socketPath: string, child: ChildProcess, log: () => string): Promise<void> {
  const runtime = createHaproxyRuntime({ address: { path: socketPath }, timeoutMs: 2_000 });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `haproxy exited (${child.exitCode ?? child.signalCode}) before its socket answered:\n${log()}`,
      );
    }
    try {
      if ((await runtime.command('show info')).startsWith('Name:')) return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`haproxy's socket did not answer in 60 s: ${error}\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `count` requests, 8 at a time, each on its own connection (`agent: false`), so each is balanced. */
async function drive(url: string, count: number): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const name = await getText(url);
      seen[name] = (seen[name] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return seen;
}

function getText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false, timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        // A 503 (no server with weight) is counted as such rather than as a gate.
        resolve(response.statusCode === 200 ? body : `HTTP ${response.statusCode}`);
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} in 30 s`)));
    request.on('error', reject);
  });
}

/** Finds haproxy ($HAPROXY_BIN, else PATH and /usr/sbin), failing with the install command. */
async function findHaproxy(): Promise<string> {
  const override = process.env.HAPROXY_BIN;
  const directories = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin'];
  const candidates = override
    ? [override]
    : directories.filter((entry) => entry !== '').map((directory) => join(directory, 'haproxy'));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next directory.
    }
  }
  throw new Error(
    `The haproxy binary was not found (${override ?? 'PATH, /usr/sbin'}). These tests need a real HAProxy: ` +
      'install it with `apt-get install -y haproxy` (Debian/Ubuntu), then re-run.',
  );
}

/** A port free on loopback right now (the tiny race before HAProxy binds it is acceptable in tests). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function listen(server: HttpServer | ReturnType<typeof createNetServer>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no port'));
      else resolve(address.port);
    });
  });
}
