/**
 * The benchmark's client process: N SSE connections on raw TCP sockets (a hand-written GET, no HTTP
 * client: Node's http parser would cost more CPU than the server under test on a small machine),
 * parsing frames minimally (the `seq` and `sentAt` of each event), reporting progress and delivery
 * latencies over IPC. Chunked transfer-encoding lines fall between frames and are ignored. The
 * connections take their source address in turn from a list of 127.x addresses: one address has
 * about 28,000 ephemeral ports towards one server port, too few for 50,000 connections.
 *
 * Usage (by run-benchmarks.ts): node --import tsx sse-bench-clients.ts <url> <connections> <127.0.0.2,127.0.0.3,…>
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ClientCommand, ClientReport } from './bench-protocol.ts';

interface Connection {
  lastSeq: number;
  partial: string;
}

const [url = '', countText = '0', addressList = ''] = process.argv.slice(2);
const wanted = Number(countText);
const sourceAddresses = addressList.split(',').filter(Boolean);
let connectCount = 0;
const connections: Connection[] = [];
const sockets: net.Socket[] = [];
const target = new URL(url);
const now = (): number => performance.timeOrigin + performance.now();
const send = (report: ClientReport): void => {
  process.send?.(report);
};

let recording = false;
let frames = 0;
let disconnected = 0;
const latencies: number[] = [];
const lastDelivery: Record<number, number> = {};

function onFrameText(
  connection: Connection,
  text: string,
  start: number,
  end: number,
  receivedAt: number,
): void {
  frames += 1;
  const seqAt = text.indexOf('"seq":', start);
  if (seqAt === -1 || seqAt > end) return;
  const seq = Number.parseInt(text.slice(seqAt + 6, seqAt + 22), 10);
  connection.lastSeq = seq;
  if (!recording) return;
  const sentAt = Number.parseFloat(text.slice(text.indexOf('"sentAt":', seqAt) + 9, end));
  const latency = receivedAt - sentAt;
  latencies.push(latency);
  lastDelivery[seq] = Math.max(lastDelivery[seq] ?? 0, latency);
}

let dataSinceLastLook = false;

function onData(connection: Connection, chunk: Buffer): void {
  const receivedAt = now();
  dataSinceLastLook = true;
  const text = connection.partial + chunk.toString('latin1');
  let start = 0;
  for (let end = text.indexOf('\n\n', start); end !== -1; end = text.indexOf('\n\n', start)) {
    onFrameText(connection, text, start, end, receivedAt);
    start = end + 2;
  }
  connection.partial = start < text.length ? text.slice(start) : '';
}

function connectOne(attempt = 0): Promise<boolean> {
  return new Promise((resolve) => {
    const localAddress = sourceAddresses[connectCount++ % Math.max(1, sourceAddresses.length)];
    const socket = net.connect({
      host: target.hostname,
      port: Number(target.port),
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    const connection: Connection = { lastSeq: 0, partial: '' };
    let head = '';
    let open = false;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(
        `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
          'Accept: text/event-stream\r\n\r\n',
      );
    });
    socket.on('data', (chunk: Buffer) => {
      if (open) {
        onData(connection, chunk);
        return;
      }
      head += chunk.toString('latin1');
      const headEnd = head.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      if (!head.startsWith('HTTP/1.1 200')) {
        socket.destroy();
        resolve(false);
        return;
      }
      open = true;
      connections.push(connection);
      sockets.push(socket);
      connection.partial = head.slice(headEnd + 4);
      resolve(true);
    });
    socket.on('close', () => {
      if (open) disconnected += 1;
    });
    socket.on('error', () => {
      if (open) return;
      if (attempt < 3) setTimeout(() => connectOne(attempt + 1).then(resolve), 200);
      else resolve(false);
    });
  });
}

async function connectAll(): Promise<void> {
  const started = Date.now();
  let failed = 0;
  let next = 0;
  const concurrency = 100;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, wanted) }, async () => {
      while (next < wanted) {
        next += 1;
        if (!(await connectOne())) failed += 1;
      }
    }),
  );
  send({ type: 'connected', connections: connections.length, failed, ms: Date.now() - started });
}

let reportedSeq = -1;
setInterval(() => {
  // Nothing arrived since the last look: the minimum cannot have moved (saves a scan of 12k sockets).
  if (connections.length === 0 || !dataSinceLastLook) return;
  dataSinceLastLook = false;
  let minSeq = Number.POSITIVE_INFINITY;
  for (const connection of connections) minSeq = Math.min(minSeq, connection.lastSeq);
  if (minSeq !== reportedSeq) {
    reportedSeq = minSeq;
    send({ type: 'progress', minSeq });
  }
}, 5);

process.on('message', (message: ClientCommand) => {
  switch (message.cmd) {
    case 'connect':
      void connectAll();
      return;
    case 'record':
      recording = message.on;
      return;
    case 'report':
      send({ type: 'report', lastDelivery, latencies, frames, disconnected });
      return;
    case 'close':
      for (const socket of sockets) socket.destroy();
      process.exit(0);
  }
});
