/**
 * Messages between the benchmark's orchestrator and its server and client processes (Node IPC).
 */

/**
 * Which server the process runs: the sse-bus writing straight to node:http responses
 * (`createNodeSseHandler`), a hono route that hands @hono/node-server's response to
 * `createNodeSseHandler` (the cockpit's `/sse`), a bare node:http server that writes the same frame
 * to every response with `res.write` (the floor), or (not run by default) the sse-bus behind hono
 * through Web streams (`createSseHandler`, as the cockpit served `/sse` before).
 */
export type Implementation = 'bus-node' | 'bus-hono' | 'raw' | 'bus-hono-node';

/** Orchestrator → server. */
export type ServerCommand =
  | { readonly cmd: 'memory' }
  | { readonly cmd: 'status' }
  | { readonly cmd: 'ack'; readonly seq: number }
  | { readonly cmd: 'latency'; readonly count: number; readonly gapMs: number }
  | { readonly cmd: 'throughput'; readonly durationMs: number; readonly window: number }
  | { readonly cmd: 'stop' };

/** Server → orchestrator. */
export type ServerReport =
  /** `openFiles`: the process's open-file limit (RLIMIT_NOFILE), which bounds its connections. */
  | { readonly type: 'listening'; readonly port: number; readonly openFiles: number }
  | { readonly type: 'memory'; readonly rss: number; readonly heapUsed: number; readonly external: number }
  | {
      readonly type: 'status';
      readonly clients: number;
      readonly slowDisconnects: number;
      readonly seq: number;
    }
  | {
      readonly type: 'latency-done';
      readonly timedOut: number;
      /** Per broadcast: publish → every write handed to its socket, in the server (ms). */
      readonly fanoutMs: number[];
      /**
       * Server CPU over every broadcast's fan-out (publish → every write handed to its socket), in
       * µs: user (JavaScript) and system (the kernel's loopback TCP send, which runs the
       * receiver's side too).
       */
      readonly fanoutCpuMicros: { readonly user: number; readonly system: number };
    }
  | {
      readonly type: 'throughput-done';
      /** Events published ÷ seconds until every client had all of them. */
      readonly eventsPerSecond: number;
      readonly published: number;
      readonly seconds: number;
      /** Server CPU (user + system) per event delivered to one client, in µs. */
      readonly cpuMicrosPerDelivery: number;
      readonly peakRss: number;
    };

/** Orchestrator → client process. */
export type ClientCommand =
  | { readonly cmd: 'connect' }
  | { readonly cmd: 'record'; readonly on: boolean }
  | { readonly cmd: 'report' }
  | { readonly cmd: 'close' };

/** Client process → orchestrator. */
export type ClientReport =
  | { readonly type: 'connected'; readonly connections: number; readonly failed: number; readonly ms: number }
  /** The lowest event seq every connection of this process has received. */
  | { readonly type: 'progress'; readonly minSeq: number }
  | {
      readonly type: 'report';
      /** seq → the slowest delivery of that broadcast among this process's connections (ms). */
      readonly lastDelivery: Record<number, number>;
      /** Every delivery latency recorded (ms). */
      readonly latencies: number[];
      readonly frames: number;
      readonly disconnected: number;
    };
