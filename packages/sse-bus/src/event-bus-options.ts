/**
 * How an event bus is built, and its options with every default applied.
 */
import { type Clock, type EventLog, systemClock } from '@lukhas/core';
import { encodeRetry } from './sse-encoding.ts';

/** Defaults of {@link EventBusOptions}. */
export const EVENT_BUS_DEFAULTS = {
  maxBufferedBytes: 1024 * 1024,
  heartbeatMs: 15_000,
  retryMs: 2000,
  replayPageSize: 500,
} as const;

/** How the bus is built. */
export interface EventBusOptions {
  /** Where missed events are read from on a reconnect with Last-Event-ID. */
  readonly eventLog: EventLog;
  /** Bytes a stream may fall behind before it is cut off (default 1 MiB). */
  readonly maxBufferedBytes?: number;
  /** A heartbeat comment to every stream this often (default 15 s; 0 disables). */
  readonly heartbeatMs?: number;
  /** The `retry:` sent on connect (default 2000 ms). */
  readonly retryMs?: number;
  /** Events per event-log read during a replay (default 500). */
  readonly replayPageSize?: number;
  /** Time for heartbeat comments (default the system clock). */
  readonly clock?: Clock;
  /** Told when a replay fails (the stream is then closed; the client resumes on reconnect). */
  readonly onError?: (error: unknown) => void;
}

/** The options with every default applied: what each step of the bus works with. */
export interface EventBusSettings {
  readonly eventLog: EventLog;
  readonly maxBufferedBytes: number;
  /** 0: no heartbeat. */
  readonly heartbeatMs: number;
  /** At least 1. */
  readonly replayPageSize: number;
  /** The `retry:` frame every stream starts with. */
  readonly retryFrame: Uint8Array;
  readonly clock: Clock;
  readonly onError: ((error: unknown) => void) | undefined;
}

/** `options` with every default applied. */
export function eventBusSettings(options: EventBusOptions): EventBusSettings {
  return {
    eventLog: options.eventLog,
    maxBufferedBytes: options.maxBufferedBytes ?? EVENT_BUS_DEFAULTS.maxBufferedBytes,
    heartbeatMs: options.heartbeatMs ?? EVENT_BUS_DEFAULTS.heartbeatMs,
    replayPageSize: Math.max(1, options.replayPageSize ?? EVENT_BUS_DEFAULTS.replayPageSize),
    retryFrame: encodeRetry(options.retryMs ?? EVENT_BUS_DEFAULTS.retryMs),
    clock: options.clock ?? systemClock,
    onError: options.onError,
  };
}
