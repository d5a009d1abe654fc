/**
 * The REAL cockpit (`src/main.ts`, stub SLO monitor) for the progressive-delivery tests: a temp
 * SQLite file, canaries allowed to sample every 0.5 s, the MCP SDK client for the tools, and the
 * client SDK's SSE stream on `canary/*` recording every canary event as it arrives.
 */
import path from 'node:path';
import { type CockpitEvent, LukhasMCPCockpit } from '@lukhas/mcp-cockpit-client';
import { createTempDirs, type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { startMainProcess } from './main-process.ts';
import { type TestClient, type ToolCallResult, v2Kind } from './mcp-clients.ts';

/** The stub monitor answers p95 ≈ 120 ms (±10 %) and 0.2 % errors: inside these targets… */
export const HEALTHY_TARGETS = { latency_p95_ms: 800, max_error_rate: 0.05 } as const;
/** …and above this latency target on every sample, so the first sample breaches. */
export const BREACHING_TARGETS = { latency_p95_ms: 50, max_error_rate: 0.05 } as const;

/** A running cockpit with its clients. */
export interface SteppedCockpit {
  readonly server: RunningServerProcess;
  readonly databaseFile: string;
  /** Every canary event received on `/sse`, in arrival order. */
  readonly events: CockpitEvent[];
  /** Calls `handler` for each canary event as it arrives (after it is recorded in `events`). */
  onEvent(handler: (event: CockpitEvent) => void): void;
  /** `tools/call` through the MCP SDK client. */
  call(name: string, args: Record<string, unknown>): Promise<ToolCallResult>;
  /** A tool's structured result; fails the test with the tool's text when it is an error. */
  ok(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The events of one canary, metrics left out unless asked. */
  eventsOf(canaryId: string, options?: { metrics?: boolean }): CockpitEvent[];
  /** Waits for the first event of `canaryId` of `type` after the `after`-th such event. */
  nextEvent(canaryId: string, type: string, after?: number): Promise<CockpitEvent>;
  close(): Promise<void>;
}

/**
 * Starts the cockpit with `env` on top of the test defaults and connects both clients.
 *
 * @example
 * const cockpit = await startSteppedCockpit({ LUKHAS_TRAFFIC_ROUTER: 'haproxy', LUKHAS_HAPROXY_SOCKET: socket });
 * const started = await cockpit.ok('start_canary', { modelId, fromGate, toGate, policy });
 */
export async function startSteppedCockpit(env: Record<string, string>): Promise<SteppedCockpit> {
  const tempDirs = createTempDirs();
  const databaseFile = path.join(tempDirs.make('cockpit-stepped-'), 'cockpit.db');
  const server = await startMainProcess({
    HOST: '127.0.0.1',
    LUKHAS_MCP_DB: databaseFile,
    // Canaries sample every 0.5 s here; the 1 s default has its own tests.
    LUKHAS_MIN_INTERVAL_MS: '100',
    MCP_RL_BUCKET: '1000000',
    ...env,
  }).catch((error: unknown) => {
    tempDirs.removeAll();
    throw error;
  });
  const events: CockpitEvent[] = [];
  const handlers: ((event: CockpitEvent) => void)[] = [];
  const stream = new LukhasMCPCockpit(server.url);
  let client: TestClient | undefined;
  const close = async () => {
    stream.close();
    await client?.close();
    await server.stop({ graceMs: 6_000 });
    tempDirs.removeAll();
  };
  try {
    let opened = false;
    stream.on('open', () => {
      opened = true;
    });
    stream.on('*', (event) => {
      events.push(event);
      for (const handler of handlers) handler(event);
    });
    stream.subscribe('canary/*');
    await waitFor(() => opened, { timeoutMs: 60_000, message: () => `the SSE stream\n${server.output()}` });
    client = await v2Kind('2026-07-28').connect(`${server.url}/mcp`);
  } catch (error) {
    await close();
    throw error;
  }
  const connected = client;
  const eventsOf = (canaryId: string, options: { metrics?: boolean } = {}) =>
    events.filter(
      (event) =>
        event.topic === `canary/${canaryId}` && (options.metrics === true || event.type !== 'metric'),
    );
  return {
    server,
    databaseFile,
    events,
    onEvent: (handler) => handlers.push(handler),
    call: (name, args) => connected.callTool(name, args),
    async ok(name, args) {
      const result = await connected.callTool(name, args);
      if (result.isError === true || result.structuredContent === undefined) {
        throw new Error(`${name} failed: ${result.content.map((part) => part.text ?? '').join('\n')}`);
      }
      return result.structuredContent;
    },
    eventsOf,
    nextEvent: (canaryId, type, after = 0) =>
      waitFor(
        () =>
          eventsOf(canaryId, { metrics: type === 'metric' }).filter((event) => event.type === type)[after],
        {
          timeoutMs: 90_000,
          intervalMs: 20,
          message: () =>
            `event ${type} #${after + 1} of ${canaryId}; got ${eventsOf(canaryId)
              .map((event) => event.type)
              .join(', ')}\n${server.output()}`,
        },
      ),
    close,
  };
}
