/**
 * Helpers for the sse-bus tests: events, an in-memory event log whose reads can be held, a real
 * persistence store over in-memory SQLite, and a reader that parses SSE wire text from a stream.
 */
import type {
  CanaryEventType,
  CanaryRecord,
  CockpitEvent,
  EntityKind,
  EventLog,
  EventSelection,
  JobEventType,
  JobRecord,
  TransitionRecord,
} from '@lukhas/core';
import {
  type CockpitDatabaseStore,
  createCockpitStore,
  migrateToLatest,
  openDatabase,
} from '@lukhas/persistence';
import { createEventBus, type EventBus, type EventBusOptions } from '../src/index.ts';

/** 2025-10-03 14:20:00.000 UTC. */
export const T0 = Date.UTC(2025, 9, 3, 14, 20, 0, 0);

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
  const db = openDatabase({ file: ':memory:' });
  await migrateToLatest(db);
  let bus: EventBus | undefined;
  const store = createCockpitStore(db, { onEvent: (event) => bus?.publish(event) });
  bus = createEventBus({ eventLog: store, heartbeatMs: 0, ...options });
  return { bus, store };
}

/** A job transition of `jobId` to `status`, with the event type of that status. */
export function jobTransition(jobId: string, type: JobEventType, at = T0): TransitionRecord {
  const iso = new Date(at).toISOString();
  const status = type === 'progress' ? 'running' : type;
  const job: JobRecord = {
    jobId,
    taskId: 'lukhas-agi-stress',
    configId: null,
    status,
    progress: type === 'progress' ? 0.5 : null,
    message: null,
    result: null,
    error: null,
    details: null,
    operator: 'system',
    createdAt: iso,
    updatedAt: iso,
    startedAt: null,
    finishedAt: null,
  };
  return {
    at,
    operator: 'system',
    job,
    audit: { action: `job.${type}`, details: { status } },
    narrative: { eventType: type, message: `${jobId} → ${type}` },
    event: { type, data: { jobId, status } },
  };
}

/** A canary transition of `canaryId` with the given event type. */
export function canaryTransition(canaryId: string, type: CanaryEventType, at = T0): TransitionRecord {
  const iso = new Date(at).toISOString();
  const status = type === 'promoted' || type === 'rolled_back' ? type : 'running';
  const canary: CanaryRecord = {
    canaryId,
    modelId: 'lukhas-agi-v3',
    fromGate: 'stage',
    toGate: 'production',
    status,
    policy: {
      windowSeconds: 300,
      intervalSeconds: 30,
      failureLimit: 0,
      minSamples: 3,
      targets: { latency_p95_ms: 800, max_error_rate: 0.01 },
    },
    webhooks: null,
    operator: 'system',
    createdAt: iso,
    updatedAt: iso,
    startedAt: iso,
    windowEndsAt: new Date(at + 300_000).toISOString(),
    decidedAt: null,
    decision: null,
    math: null,
    traffic: null,
  };
  return {
    at,
    operator: 'system',
    canary,
    audit: { action: `canary.${type}`, details: { status } },
    narrative: { eventType: type, message: `canary lukhas-agi-v3 → ${type}` },
    event: { type, data: { canaryId, status } },
  };
}

/** One parsed SSE frame. */
export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
  readonly retry?: string;
  readonly comments: readonly string[];
  /** The frame as it came over the wire, without its blank line. */
  readonly raw: string;
}

/** Parses one frame's text (lines without the terminating blank line). */
export function parseFrame(raw: string): SseFrame {
  const fields: Record<string, string> = {};
  const comments: string[] = [];
  for (const line of raw.split('\n')) {
    if (line.startsWith(':')) {
      comments.push(line.slice(1).trimStart());
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    fields[name] = name === 'data' && fields.data !== undefined ? `${fields.data}\n${value}` : value;
  }
  return { ...fields, comments, raw };
}

/** Reads SSE frames off a byte stream, as a client would. */
export class FrameReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  /** Every chunk read, as the stream gave it (to check bytes are shared). */
  readonly chunks: Uint8Array[] = [];

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** The next frame, or undefined when the stream ended. */
  async next(): Promise<SseFrame | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end !== -1) {
        const raw = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseFrame(raw);
      }
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      this.chunks.push(value);
      this.buffer += this.decoder.decode(value, { stream: true });
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
