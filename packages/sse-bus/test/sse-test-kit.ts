/**
 * Helpers for the sse-bus tests: events, an in-memory event log whose reads can be held, a real
 * persistence store over in-memory SQLite, and a reader of SSE frames off a stream through the
 * client SDK's parser (the one reader of the wire format).
 */
import type {
  CanaryEventType,
  CockpitEvent,
  EntityKind,
  EventLog,
  EventSelection,
  JobEventType,
  TransitionRecord,
} from '@lukhas/core';
import { createSseParser, type SseParser } from '@lukhas/mcp-cockpit-client';
import type { CockpitDatabaseStore } from '@lukhas/persistence';
import {
  canary,
  job,
  memoryStore,
  canaryTransition as storedCanaryTransition,
  jobTransition as storedJobTransition,
  T0,
} from '@lukhas/persistence/testing';
import { createEventBus, type EventBus, type EventBusOptions } from '../src/index.ts';

export { T0 };

/** A bus event, as the store would publish it. */
export function cockpitEvent(
  id: number,
  entity: `${EntityKind}/${string}`,
  type: CockpitEvent['type'] = entity.startsWith('job/') ? 'queued' : 'started',
): CockpitEvent {
  const [kind, entityId] = entity.split('/') as [EntityKind, string];
  return {
    id,
    topic: entity,
    kind,
    entityId,
    type,
    ts: new Date(T0 + id * 1000).toISOString(),
    data: kind === 'job' ? { jobId: entityId, seq: id } : { canaryId: entityId, seq: id },
    narrative: `[2025-10-03 14:20] ${entityId} → ${type}`,
  };
}

/** True when `event` is selected (the parts of a selection are alternatives, as in persistence). */
export function selects(selection: EventSelection, event: CockpitEvent): boolean {
  return (
    selection.all === true ||
    (selection.kinds ?? []).includes(event.kind) ||
    (selection.topics ?? []).includes(event.topic)
  );
}

/** An in-memory EventLog; `holdReads()` parks every read until the returned release is called. */
export class MemoryEventLog implements EventLog {
  readonly events: CockpitEvent[] = [];
  reads = 0;
  private hold: Promise<void> | undefined;

  append(event: CockpitEvent): void {
    this.events.push(event);
  }

  /** Removes stored events below `id` (retention pruning). */
  pruneBefore(id: number): void {
    this.events.splice(0, this.events.length, ...this.events.filter((event) => event.id >= id));
  }

  holdReads(): () => void {
    let release = (): void => {};
    this.hold = new Promise((resolve) => {
      release = () => {
        this.hold = undefined;
        resolve();
      };
    });
    return release;
  }

  async eventsAfter(query: { afterId: number; selection: EventSelection; limit?: number }) {
    this.reads += 1;
    // The snapshot is taken when the read starts, as a database read would.
    const snapshot = this.events.filter(
      (event) => event.id > query.afterId && selects(query.selection, event),
    );
    if (this.hold) await this.hold;
    return snapshot.slice(0, query.limit ?? 1000);
  }

  async lastEventId() {
    return this.events.at(-1)?.id ?? 0;
  }

  async firstEventId() {
    return this.events[0]?.id;
  }
}

/** A bus over a MemoryEventLog, plus a `record` that stores then publishes, as the real store does. */
export function memoryBus(options: Partial<EventBusOptions> = {}): {
  bus: EventBus;
  log: MemoryEventLog;
  record: (event: CockpitEvent) => void;
} {
  const log = new MemoryEventLog();
  const bus = createEventBus({ eventLog: log, heartbeatMs: 0, ...options });
  return {
    bus,
    log,
    record(event) {
      log.append(event);
      bus.publish(event);
    },
  };
}

/** A migrated in-memory SQLite store whose events feed a bus. */
export async function storeBus(options: Partial<EventBusOptions> = {}): Promise<{
  bus: EventBus;
  store: CockpitDatabaseStore;
}> {
  let bus: EventBus | undefined;
  const { store } = await memoryStore({ onEvent: (event) => bus?.publish(event) });
  bus = createEventBus({ eventLog: store, heartbeatMs: 0, ...options });
  return { bus, store };
}

/** A job transition of `jobId` to `status`, with the event type of that status. */
export function jobTransition(jobId: string, type: JobEventType, at = T0): TransitionRecord {
  const status = type === 'progress' ? 'running' : type;
  const record = job(jobId, at, { status, progress: type === 'progress' ? 0.5 : null });
  return storedJobTransition(record, at, type);
}

/** A canary transition of `canaryId` with the given event type. */
export function canaryTransition(canaryId: string, type: CanaryEventType, at = T0): TransitionRecord {
  const status = type === 'promoted' || type === 'rolled_back' ? type : 'running';
  return storedCanaryTransition(canary(canaryId, 'lukhas-agi-v3', at, { status }), at, type);
}

/** One SSE frame (a block the blank line ends), as the client SDK's parser read it. */
export interface SseFrame {
  /** Its own `id:` (none on notices, retry and comment frames). */
  readonly id?: string;
  /** The `event:` name of a frame that carries data; undefined for retry and comment frames. */
  readonly event?: string;
  readonly data?: string;
  /** A valid `retry:` of the frame, in ms as text. */
  readonly retry?: string;
  readonly comments: readonly string[];
  /** The frame as it came over the wire, without its blank line. */
  readonly raw: string;
}

/** A parser that hands each complete frame to `onFrame`. */
function frameParser(onFrame: (frame: SseFrame) => void): SseParser {
  let comments: string[] = [];
  let retry: string | undefined;
  let message: Pick<SseFrame, 'id' | 'event' | 'data'> = {};
  return createSseParser({
    onComment: (text) => comments.push(text),
    onRetry: (milliseconds) => {
      retry = String(milliseconds);
    },
    onMessage: ({ id, event, data }) => {
      message = { ...(id === undefined ? {} : { id }), event, data };
    },
    onBlock: (raw) => {
      onFrame({ ...message, ...(retry === undefined ? {} : { retry }), comments, raw });
      comments = [];
      retry = undefined;
      message = {};
    },
  });
}

/** The frames of a whole stream's text (an unfinished last frame is dropped, as a client does). */
export function framesOf(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  frameParser((frame) => frames.push(frame)).feed(text);
  return frames;
}

/** Reads SSE frames off a byte stream, as a client would. */
export class FrameReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly frames: SseFrame[] = [];
  private readonly parser = frameParser((frame) => this.frames.push(frame));
  /** Every chunk read, as the stream gave it (to check bytes are shared). */
  readonly chunks: Uint8Array[] = [];

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** The next frame, or undefined when the stream ended. */
  async next(): Promise<SseFrame | undefined> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame !== undefined) return frame;
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      this.chunks.push(value);
      this.parser.feed(this.decoder.decode(value, { stream: true }));
    }
  }

  /** The next frame that carries an `event:` (skips retry and comments); undefined at the end. */
  async nextEvent(): Promise<SseFrame | undefined> {
    for (;;) {
      const frame = await this.next();
      if (frame === undefined || frame.event !== undefined) return frame;
    }
  }

  /** The next `count` event frames; fails if the stream ends first. */
  async events(count: number): Promise<SseFrame[]> {
    const frames: SseFrame[] = [];
    while (frames.length < count) {
      const frame = await this.nextEvent();
      if (frame === undefined) throw new Error(`stream ended after ${frames.length} of ${count} events`);
      frames.push(frame);
    }
    return frames;
  }

  /** Every remaining frame until the stream ends. */
  async rest(): Promise<SseFrame[]> {
    const frames: SseFrame[] = [];
    for (let frame = await this.next(); frame !== undefined; frame = await this.next()) frames.push(frame);
    return frames;
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}

/** The ids of event frames, as numbers. */
export function idsOf(frames: readonly SseFrame[]): number[] {
  return frames.map((frame) => Number(frame.id));
}

/** Lets queued promise callbacks run (replays are async even over an in-memory log). */
export async function settle(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await Promise.resolve();
}
