/**
 * `LukhasMCPCockpit`: the cockpit's live events (one resumable SSE stream for every topic
 * subscribed) and typed helpers for its MCP tools, in browsers and in Node 20.
 */
import type { CockpitClientError } from './cockpit-client-error.js';
import type {
  CockpitEvent,
  CockpitEventHandler,
  CockpitEventMap,
  CockpitEventName,
  CockpitNotice,
} from './cockpit-events.js';
import { CockpitTools, type CockpitToolsOptions } from './cockpit-tools.js';
import { EventStream, type EventStreamState, parseEventId, type Timers } from './event-stream.js';
import { isRecord, parseJson } from './http-error.js';
import { DEFAULT_RECONNECT_OPTIONS, type ReconnectOptions } from './reconnect-delay.js';
import { reportHandlerError } from './report-handler-error.js';
import type { SseMessage } from './sse-parser.js';

/** Options of {@link LukhasMCPCockpit}; every one is optional. */
export interface LukhasMCPCockpitOptions extends CockpitToolsOptions {
  /** Resume the first stream after this event id (e.g. one saved from `lastEventId` earlier). */
  readonly lastEventId?: number;
  /** Reconnect delays: 250–1000 ms, ×2 per failure in a row, capped at 30 s by default. */
  readonly reconnect?: Partial<ReconnectOptions>;
  /** Reconnect when the stream is silent this long (no event, no heartbeat); 0 = never. Default 45 s. */
  readonly idleTimeoutMs?: number;
  /** For tests: timers and the jitter source. */
  readonly timers?: Timers;
  readonly random?: () => number;
}

type AnyHandler = (event: never) => void;

/**
 * The MCP Cockpit client.
 *
 * @example
 * const cockpit = new LukhasMCPCockpit('http://localhost:8766', 'api-key');
 * cockpit.on('completed', (event) => console.log(event.narrative));
 * cockpit.on('metric', (event) => updateLatencyChart(event.data.latency_p95_ms));
 * cockpit.subscribe('canary/*');
 * const job = await cockpit.runEval({ taskId: 'lukhas-agi-stress' });
 */
export class LukhasMCPCockpit extends CockpitTools {
  readonly #stream: EventStream;
  readonly #handlers = new Map<string, Set<AnyHandler>>();
  #topics: readonly string[] = [];
  #topicsChanged = false;
  #connectScheduled = false;

  constructor(baseUrl: string, apiKey?: string, options: LukhasMCPCockpitOptions = {}) {
    super(baseUrl, apiKey, options);
    this.#stream = new EventStream({
      url: () => this.#streamUrl(),
      headers: () => this.requestHeaders(),
      fetch: this.fetchFunction,
      reconnect: { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect },
      ...(options.timers === undefined ? {} : { timers: options.timers }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      lastEventId: options.lastEventId,
      onMessage: (message) => this.#dispatch(message),
      onOpen: (info) =>
        this.#emit('open', {
          topics: this.#topics,
          lastEventId: info.lastEventId,
          reconnected: info.reconnected,
        }),
      onReconnecting: (info) => this.#emit('reconnecting', info),
      onError: (error) => this.#fail(error),
    });
  }

  /** The topics of the stream, in the order first subscribed. */
  get topics(): readonly string[] {
    return this.#topics;
  }

  /** `idle` before any topic, `connecting`, `open`, `reconnecting`, or `closed` (by `close()` or an error). */
  get state(): EventStreamState {
    return this.#stream.state;
  }

  /** The id of the last event delivered; a later client can resume from it (`options.lastEventId`). */
  get lastEventId(): number | undefined {
    return this.#stream.lastEventId;
  }

  /**
   * Adds topics to the stream: `job/<id>`, `canary/<id>`, `jobs`, `canaries`, `job/*`, `canary/*`,
   * `*`, and with file operations on `file/<path>`, `files`, `file/*`. Calls in the same tick share one connection; a later call reconnects once with every
   * topic, resuming after the last event delivered, so nothing is lost.
   */
  subscribe(topics: string | readonly string[]): this {
    const added = (typeof topics === 'string' ? [topics] : topics).filter(
      (topic) => !this.#topics.includes(topic),
    );
    for (const topic of added) {
      if (typeof topic !== 'string' || topic === '')
        throw new TypeError('a topic must be a non-empty string');
    }
    if (added.length > 0) {
      this.#topics = [...this.#topics, ...new Set(added)];
      this.#topicsChanged = true;
    }
    this.#scheduleConnect();
    return this;
  }

  /** Removes topics; the stream reconnects without them (or closes when none is left). */
  unsubscribe(topics: string | readonly string[]): this {
    const removed = new Set(typeof topics === 'string' ? [topics] : topics);
    const kept = this.#topics.filter((topic) => !removed.has(topic));
    if (kept.length !== this.#topics.length) {
      this.#topics = kept;
      this.#topicsChanged = true;
      this.#scheduleConnect();
    }
    return this;
  }

  /**
   * Calls `handler` for each event of that SSE name: a lifecycle type (`completed`, `metric`, …),
   * `job`/`canary` (events on the `jobs`/`canaries` topics), `*` (every event), a notice
   * (`retention`, `reset`) or a connection event (`open`, `reconnecting`, `error`).
   */
  on<Name extends CockpitEventName>(name: Name, handler: CockpitEventHandler<Name>): this {
    let handlers = this.#handlers.get(name);
    if (handlers === undefined) {
      handlers = new Set();
      this.#handlers.set(name, handlers);
    }
    handlers.add(handler as AnyHandler);
    return this;
  }

  /** Removes a handler added with `on`. */
  off<Name extends CockpitEventName>(name: Name, handler: CockpitEventHandler<Name>): this {
    this.#handlers.get(name)?.delete(handler as AnyHandler);
    return this;
  }

  /** Drops the current connection and reconnects at once, resuming after the last event delivered. */
  reconnect(): this {
    if (this.#topics.length > 0) this.#stream.restart();
    return this;
  }

  /** Closes the stream and forgets its topics; handlers stay, and a later `subscribe` resumes. */
  close(): void {
    this.#topics = [];
    this.#topicsChanged = false;
    this.#stream.close();
  }

  #streamUrl(): string {
    const query = new URLSearchParams(this.#topics.map((topic) => ['topic', topic]));
    return `${this.baseUrl}/sse?${query.toString()}`;
  }

  // Batches the subscribe calls of one tick into one connection.
  #scheduleConnect(): void {
    if (this.#connectScheduled) return;
    this.#connectScheduled = true;
    queueMicrotask(() => {
      this.#connectScheduled = false;
      const changed = this.#topicsChanged;
      this.#topicsChanged = false;
      if (this.#topics.length === 0) {
        if (changed) this.#stream.close();
        return;
      }
      const active = this.#stream.state !== 'idle' && this.#stream.state !== 'closed';
      if (changed && active) this.#stream.restart();
      else this.#stream.start();
    });
  }

  #dispatch(message: SseMessage): void {
    const parsed = parseJson(message.data);
    if (message.id === undefined) {
      const data = isRecord(parsed) ? parsed : { message: message.data };
      const notice: CockpitNotice = {
        name: message.event,
        data,
        message: typeof data.message === 'string' ? data.message : undefined,
      };
      // The server's ids started over: resume after its newest id from now on.
      if (message.event === 'reset') {
        this.#stream.lastEventId = typeof data.latestId === 'number' ? data.latestId : undefined;
      }
      this.#emit(message.event, notice);
      return;
    }
    if (!isRecord(parsed)) return;
    const id = typeof parsed.id === 'number' ? parsed.id : parseEventId(message.id);
    const event: CockpitEvent = {
      type: typeof parsed.type === 'string' ? parsed.type : message.event,
      name: message.event,
      topic: typeof parsed.topic === 'string' ? parsed.topic : '',
      data: isRecord(parsed.data) ? parsed.data : {},
      narrative: typeof parsed.narrative === 'string' ? parsed.narrative : '',
      id: id ?? 0,
      ts: typeof parsed.ts === 'string' ? parsed.ts : '',
    };
    this.#emit(message.event, event);
    if (message.event !== '*') this.#emit('*', event);
  }

  #fail(error: CockpitClientError): void {
    // Like an EventEmitter's unhandled 'error': a stream that stopped must not go unnoticed.
    if ((this.#handlers.get('error')?.size ?? 0) === 0) reportHandlerError(error);
    else this.#emit('error', error);
  }

  #emit<Name extends keyof CockpitEventMap>(
    name: Name | string,
    event: CockpitEventMap[Name] | CockpitNotice,
  ): void {
    const handlers = this.#handlers.get(name);
    if (handlers === undefined) return;
    for (const handler of [...handlers]) {
      try {
        (handler as (event: unknown) => void)(event);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }
}
