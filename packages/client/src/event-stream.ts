/**
 * A fetch-based Server-Sent Events connection that resumes where it left off. Unlike
 * `EventSource` it can send headers (the API key, `Last-Event-ID` on every reconnect) in browsers
 * and in Node 20 alike. It reconnects with a jittered, growing delay (see `reconnect-delay.ts`),
 * sends the id of the last event it delivered, and drops any event whose id is not above it, so
 * nothing is lost or repeated across a drop. 400/401/403 and other client errors stop it instead.
 */
import { CockpitClientError } from './cockpit-client-error.js';
import { errorFromResponse } from './http-error.js';
import { DEFAULT_RECONNECT_OPTIONS, type ReconnectOptions, reconnectDelay } from './reconnect-delay.js';
import { reportHandlerError } from './report-handler-error.js';
import { readEventStream, type SseMessage } from './sse-parser.js';

/** The subset of `fetch` the client uses; inject one for tests or custom agents. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** The timers the client uses; inject them for tests. */
export interface Timers {
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform's timers. */
export const systemTimers: Timers = {
  setTimeout: (callback, milliseconds) => globalThis.setTimeout(callback, milliseconds),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** Where a stream is in its life. */
export type EventStreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Reported when a connection opens (a 200 with `text/event-stream`). */
export interface StreamOpenInfo {
  readonly url: string;
  /** The `Last-Event-ID` this connection resumed after, if any. */
  readonly lastEventId: number | undefined;
  /** False for the first connection after `start()`, true for every later one. */
  readonly reconnected: boolean;
}

/** Reported when a connection failed or ended and the next attempt is scheduled. */
export interface StreamReconnectInfo {
  /** 1 for the first failure in a row. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: CockpitClientError;
}

/** How to run a stream. */
export interface EventStreamOptions {
  /** The URL of the next connection (read at every attempt, so topics may change). */
  readonly url: () => string;
  readonly headers?: () => Readonly<Record<string, string>>;
  readonly fetch: FetchLike;
  readonly timers?: Timers;
  readonly random?: () => number;
  readonly reconnect?: ReconnectOptions;
  /** Reconnect when nothing (not even a heartbeat) arrived for this long; 0 turns it off. Default 45 s. */
  readonly idleTimeoutMs?: number;
  /** Resume after this event id on the first connection. */
  readonly lastEventId?: number | undefined;
  readonly onMessage: (message: SseMessage) => void;
  readonly onOpen?: (info: StreamOpenInfo) => void;
  readonly onReconnecting?: (info: StreamReconnectInfo) => void;
  /** The stream stopped for good (401, 403, 400, …); it does not reconnect after this. */
  readonly onError?: (error: CockpitClientError) => void;
}

type Outcome = { readonly fatal: boolean; readonly error: CockpitClientError };

/** Three heartbeats (15 s apart) missed. */
export const DEFAULT_IDLE_TIMEOUT_MS = 45_000;

/**
 * A resumable event stream.
 *
 * @example
 * const stream = new EventStream({ url: () => `${base}/sse?topic=jobs`, fetch, onMessage: console.log });
 * stream.start();
 */
export class EventStream {
  readonly #options: EventStreamOptions;
  readonly #timers: Timers;
  #state: EventStreamState = 'idle';
  #lastId: number | undefined;
  #serverRetryMs: number | undefined;
  #failures = 0;
  #opened = false;
  // Every start/restart/close begins a new generation; work of an older one stops at its next step.
  #generation = 0;
  #controller: AbortController | undefined;
  #sleep: { handle: unknown; wake: () => void } | undefined;
  #idle: unknown;

  constructor(options: EventStreamOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#lastId = options.lastEventId;
  }

  get state(): EventStreamState {
    return this.#state;
  }

  /** The id of the last event delivered: what the next connection sends as `Last-Event-ID`. */
  get lastEventId(): number | undefined {
    return this.#lastId;
  }

  /** Sets the resume point, e.g. after the server announced a reset of its event ids. */
  set lastEventId(id: number | undefined) {
    this.#lastId = id;
  }

  /** Connects, unless already connected or connecting. */
  start(): void {
    if (this.#state === 'idle' || this.#state === 'closed') this.restart();
  }

  /** Drops the current connection (if any) and connects again at once, resuming after the last id. */
  restart(): void {
    this.#stopCurrent();
    this.#failures = 0;
    if (this.#state === 'idle' || this.#state === 'closed') this.#opened = false;
    void this.#run(this.#generation);
  }

  /** Stops for good: aborts the connection and any pending reconnect. `start()` resumes later. */
  close(): void {
    this.#stopCurrent();
    this.#state = 'closed';
  }

  #stopCurrent(): void {
    this.#generation += 1;
    this.#controller?.abort();
    this.#controller = undefined;
    this.#clearIdle();
    if (this.#sleep !== undefined) {
      this.#timers.clearTimeout(this.#sleep.handle);
      this.#sleep.wake();
      this.#sleep = undefined;
    }
  }

  async #run(generation: number): Promise<void> {
    for (;;) {
      this.#state = 'connecting';
      const outcome = await this.#connectOnce(generation);
      if (generation !== this.#generation) return;
      if (outcome.fatal) {
        this.#state = 'closed';
        this.#generation += 1;
        this.#options.onError?.(outcome.error);
        return;
      }
      this.#failures += 1;
      const jittered = reconnectDelay({
        attempt: this.#failures,
        serverRetryMs: this.#serverRetryMs,
        random: this.#options.random ?? Math.random,
        options: this.#options.reconnect ?? DEFAULT_RECONNECT_OPTIONS,
      });
      const retryAfterMs = (outcome.error.retryAfter ?? 0) * 1000;
      const delayMs = Math.max(jittered, retryAfterMs);
      this.#state = 'reconnecting';
      this.#options.onReconnecting?.({ attempt: this.#failures, delayMs, error: outcome.error });
      if (generation !== this.#generation) return;
      await new Promise<void>((wake) => {
        const handle = this.#timers.setTimeout(() => {
          this.#sleep = undefined;
          wake();
        }, delayMs);
        this.#sleep = { handle, wake };
      });
      if (generation !== this.#generation) return;
    }
  }

  async #connectOnce(generation: number): Promise<Outcome> {
    const controller = new AbortController();
    this.#controller = controller;
    const url = this.#options.url();
    const resumeAfter = this.#lastId;
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...this.#options.headers?.() };
    if (resumeAfter !== undefined) headers['Last-Event-ID'] = String(resumeAfter);

    let response: Response;
    try {
      response = await this.#options.fetch(url, { headers, signal: controller.signal });
    } catch (cause) {
      return transient('NETWORK_ERROR', `GET ${url} failed: ${describe(cause)}`, cause);
    }
    if (generation !== this.#generation) {
      void response.body?.cancel().catch(() => undefined);
      return transient('STREAM_INTERRUPTED', 'superseded');
    }
    if (!response.ok) {
      const error = await errorFromResponse(response, `GET ${pathOf(url)}`);
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      return { fatal: !retryable, error };
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('text/event-stream') || response.body === null) {
      void response.body?.cancel().catch(() => undefined);
      const message = `GET ${pathOf(url)} answered ${response.status} with ${contentType || 'no content type'}, not text/event-stream`;
      return {
        fatal: true,
        error: new CockpitClientError('INVALID_RESPONSE', message, { status: response.status }),
      };
    }

    this.#failures = 0;
    this.#state = 'open';
    const reconnected = this.#opened;
    this.#opened = true;
    this.#options.onOpen?.({ url, lastEventId: resumeAfter, reconnected });
    let idled = false;
    const armIdle = () => {
      this.#clearIdle();
      const idleTimeoutMs = this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
      if (idleTimeoutMs <= 0 || generation !== this.#generation) return;
      this.#idle = this.#timers.setTimeout(() => {
        idled = true;
        controller.abort();
      }, idleTimeoutMs);
    };
    try {
      armIdle();
      await readEventStream(
        response.body,
        {
          onChunk: armIdle,
          onRetry: (milliseconds) => {
            if (generation === this.#generation) this.#serverRetryMs = milliseconds;
          },
          onMessage: (message) => {
            if (generation === this.#generation) this.#deliver(message);
          },
        },
        { signal: controller.signal },
      );
      return transient('STREAM_INTERRUPTED', 'the event stream ended; reconnecting with Last-Event-ID');
    } catch (cause) {
      const why = idled
        ? `nothing arrived for ${this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS} ms, not even a heartbeat`
        : `the event stream broke: ${describe(cause)}`;
      return transient('STREAM_INTERRUPTED', why, cause);
    } finally {
      if (generation === this.#generation) this.#clearIdle();
    }
  }

  #deliver(message: SseMessage): void {
    const id = message.id === undefined ? undefined : parseEventId(message.id);
    if (id !== undefined) {
      // A replay may overlap what was already delivered: the id guard makes delivery exactly-once.
      if (this.#lastId !== undefined && id <= this.#lastId) return;
      this.#lastId = id;
    }
    try {
      this.#options.onMessage(message);
    } catch (error) {
      reportHandlerError(error);
    }
  }

  #clearIdle(): void {
    if (this.#idle === undefined) return;
    this.#timers.clearTimeout(this.#idle);
    this.#idle = undefined;
  }
}

/** A non-negative integer event id, or undefined for anything else. */
export function parseEventId(value: string): number | undefined {
  if (!/^\d{1,16}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}

function transient(code: 'NETWORK_ERROR' | 'STREAM_INTERRUPTED', message: string, cause?: unknown): Outcome {
  return { fatal: false, error: new CockpitClientError(code, message, cause === undefined ? {} : { cause }) };
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}

function pathOf(url: string): string {
  const match = /^[a-z]+:\/\/[^/]+(\/[^?#]*)/i.exec(url);
  return match?.[1] ?? url;
}
