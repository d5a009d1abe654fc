/**
 * One client's stream: a pull-driven ReadableStream over a byte-bounded queue of shared frames.
 * Writes never block: a client that falls more than `maxBufferedBytes` behind is cut off.
 */
import type { CockpitEvent } from '@lukhas/core';
import { EntityEndings } from './entity-endings.ts';
import { encodeComment } from './sse-encoding.ts';
import type { SseTopic } from './sse-topic.ts';

/** Why a stream ended. */
export type SubscriberCloseReason =
  | 'aborted'
  | 'cancelled'
  | 'slow-consumer'
  | 'replay-failed'
  | 'bus-closed'
  /** Every entity of an entity-only stream had its terminal event. */
  | 'finished';

/** How a subscriber is made; the bus owns it. */
export interface SseSubscriberOptions {
  readonly topics: readonly SseTopic[];
  readonly maxBufferedBytes: number;
  /** One function for every subscriber of a bus (no closure per stream). */
  readonly onClose: (subscriber: SseSubscriber, reason: SubscriberCloseReason) => void;
}

/**
 * Where a subscriber's bytes go: a ReadableStream's controller, or a socket-like sink. The frames
 * handed over are shared by every stream: an output must not change them.
 */
export interface SubscriberOutput {
  /** Hands `bytes` to the reader; true when it can take more at once, false until `pull()`. */
  push(bytes: Uint8Array): boolean;
  /** Ends the output once everything pushed was taken (never throws). */
  end(): void;
}

/** What a stream needs to know of a terminal event (see `isTerminalEvent`) to end after it. */
export type TerminalFacts = Pick<CockpitEvent, 'kind' | 'topic' | 'type'>;

/** A live event held back while the subscriber's replay runs. */
export interface HeldEvent {
  readonly id: number;
  readonly bytes: Uint8Array;
  /** Set when the event is a terminal event. */
  readonly terminal?: TerminalFacts | undefined;
}

const SLOW_CONSUMER_FAREWELL = encodeComment('disconnected: too far behind; reconnect with Last-Event-ID');
// A reader that fell behind gets its backlog in chunks of up to this size: one socket write, not hundreds.
const COALESCE_BYTES = 64 * 1024;

/**
 * The bus's handle on one stream (internal: the package exports only the stream or the sink's
 * handle). While idle it holds its topics, a few numbers and its output: the queue, the hold and
 * the room waiters exist only while there is something in them, so 50,000 idle streams cost little.
 */
export class SseSubscriber {
  readonly topics: readonly SseTopic[];
  /** The highest event id given to this stream: the guard that makes delivery exactly-once. */
  lastId = 0;
  /** How many times the held live events overflowed and were dropped (the replay then rereads storage). */
  heldDrops = 0;
  private readonly maxBufferedBytes: number;
  private readonly onClose: SseSubscriberOptions['onClose'];
  private output: SubscriberOutput | undefined;
  // Frames not yet read, from `queueHead` on (an index, so taking the oldest is O(1)); none while idle.
  private queue: Uint8Array[] | undefined;
  private queueHead = 0;
  private queuedBytes = 0;
  // True while the reader can take a frame at once (it waits on an empty queue): the next frame goes straight to it.
  private readWaiting = false;
  private held: HeldEvent[] | undefined;
  private heldBytes = 0;
  private roomWaiters: (() => void)[] | undefined;
  private isClosed = false;
  // Only on a stream whose topics are all entity topics: it ends once they all ended.
  private readonly endings: EntityEndings | undefined;

  constructor(options: SseSubscriberOptions) {
    this.topics = options.topics;
    this.endings = EntityEndings.of(options.topics);
    this.maxBufferedBytes = options.maxBufferedBytes;
    this.onClose = options.onClose;
  }

  /**
   * Connects the reader. `ready`: it can take bytes now (a socket); a ReadableStream's reader asks
   * with `pull()` instead. Frames written before are queued and go first.
   */
  attach(output: SubscriberOutput, ready: boolean): void {
    this.output = output;
    if (ready) this.pull();
  }

  /** True once the stream ended, for whatever reason. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** True when the stream ends after its entities' terminal events (all its topics are entity topics). */
  get endsWithEntities(): boolean {
    return this.endings !== undefined;
  }

  /** True while the queue is over half full: the replay waits before writing more. */
  get needsRoom(): boolean {
    return this.queuedBytes > this.maxBufferedBytes / 2;
  }

  /**
   * Queues a frame. A frame always fits an empty queue; past the bound the client is too slow and
   * is cut off. Returns false when the frame was not queued.
   */
  write(bytes: Uint8Array): boolean {
    if (this.isClosed) return false;
    if (this.readWaiting && this.output !== undefined) {
      this.readWaiting = this.output.push(bytes);
      return true;
    }
    if (this.queuedBytes > 0 && this.queuedBytes + bytes.byteLength > this.maxBufferedBytes) {
      this.close('slow-consumer');
      return false;
    }
    this.enqueue(bytes);
    return true;
  }

  /**
   * Writes an event frame unless an event with this id (or a later one) was already given. Pass
   * `terminal` for a terminal event: once every entity of an entity-only stream has had one, the
   * stream ends (after the replay's hand-over, if a replay runs).
   */
  deliver(id: number, bytes: Uint8Array, terminal?: TerminalFacts): boolean {
    if (this.isClosed) return false;
    // Counted even when the guard drops it: the client already has it (from before its Last-Event-ID).
    if (terminal !== undefined) this.endings?.note(terminal);
    let written = false;
    if (id > this.lastId) {
      this.lastId = id;
      written = this.write(bytes);
    }
    if (this.endings !== undefined) this.finishIfDone();
    return written;
  }

  /** The live path: holds the event while a replay runs, delivers it otherwise. */
  offer(id: number, bytes: Uint8Array, terminal?: TerminalFacts): boolean {
    if (this.held === undefined) return this.deliver(id, bytes, terminal);
    if (this.isClosed || id <= (this.held.at(-1)?.id ?? 0)) return false;
    if (this.heldBytes + bytes.byteLength > this.maxBufferedBytes) {
      // Every held event is also in storage: forget them and let the replay read them again.
      this.held = [];
      this.heldBytes = 0;
      this.heldDrops += 1;
    }
    this.held.push({ id, bytes, terminal });
    this.heldBytes += bytes.byteLength;
    return false;
  }

  /** Starts holding live events; the stream has seen every event up to `afterId`. */
  beginReplay(afterId: number): void {
    this.lastId = afterId;
    this.held = [];
  }

  /** Moves the duplicate guard back (a Last-Event-ID from another event log). */
  rewind(toId: number): void {
    this.lastId = toId;
  }

  /** The oldest held event, removed from the hold. */
  takeHeld(): HeldEvent | undefined {
    const next = this.held?.shift();
    if (next !== undefined) this.heldBytes -= next.bytes.byteLength;
    return next;
  }

  /** Ends the replay: live events are delivered directly from now on. Call with nothing held. */
  goLive(): void {
    this.held = undefined;
    this.heldBytes = 0;
    this.finishIfDone();
  }

  /** Resolves once the client has read the queue down to half the bound, or the stream ended. */
  waitForRoom(): Promise<void> {
    if (this.isClosed || !this.needsRoom) return Promise.resolve();
    return new Promise((resolve) => {
      this.roomWaiters ??= [];
      this.roomWaiters.push(resolve);
    });
  }

  /**
   * The reader can take more: hands it the queued frames (joined when it fell behind) until it is
   * full or the queue is empty, then lets the next frame go straight to it.
   */
  pull(): void {
    const output = this.output;
    if (output === undefined) return;
    for (;;) {
      const next = this.takeQueued();
      if (next === undefined) {
        this.readWaiting = !this.isClosed;
        return;
      }
      const more = output.push(next);
      if (this.isClosed && this.queuedBytes === 0) {
        output.end();
        return;
      }
      if (!this.needsRoom) this.releaseRoomWaiters();
      if (!more) return;
    }
  }

  /** A sink drained: the same as `pull()` (the name `SseSinkSubscription` gives it). */
  resume(): void {
    this.pull();
  }

  /** The client went away: ends the stream, dropping what is queued. */
  disconnect(): void {
    this.close('aborted');
  }

  /**
   * Ends the stream (idempotent) and tells the bus. A slow, aborted or cancelled stream drops what
   * is queued; otherwise (bus closed, replay failed, finished) the queue is still delivered, then
   * the end.
   */
  close(reason: SubscriberCloseReason): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.held = undefined;
    this.heldBytes = 0;
    const drop = reason === 'slow-consumer' || reason === 'aborted' || reason === 'cancelled';
    if (drop) {
      this.queue = undefined;
      this.queueHead = 0;
      this.queuedBytes = 0;
    }
    this.releaseRoomWaiters();
    if (reason === 'slow-consumer') this.output?.push(SLOW_CONSUMER_FAREWELL);
    if (reason !== 'cancelled' && this.queuedBytes === 0) this.output?.end();
    this.onClose(this, reason);
  }

  /** Ends an entity-only stream whose entities all ended, unless a replay still runs. */
  private finishIfDone(): void {
    if (this.isClosed || this.held !== undefined || this.endings?.done !== true) return;
    const farewell = encodeComment(`finished: ${this.endings.summary()}`);
    // Past the bound is fine: the comment is tiny and the last frame.
    if (this.readWaiting && this.output !== undefined) {
      this.readWaiting = false;
      this.output.push(farewell);
    } else {
      this.enqueue(farewell);
    }
    this.close('finished');
  }

  private enqueue(bytes: Uint8Array): void {
    this.queue ??= [];
    this.queue.push(bytes);
    this.queuedBytes += bytes.byteLength;
  }

  /** The oldest queued frame, or several joined into one chunk when the reader fell behind. */
  private takeQueued(): Uint8Array | undefined {
    const queue = this.queue;
    const first = queue?.[this.queueHead];
    if (queue === undefined || first === undefined) return undefined;
    let end = this.queueHead + 1;
    let size = first.byteLength;
    for (let frame = queue[end]; frame !== undefined; frame = queue[end]) {
      if (size + frame.byteLength > COALESCE_BYTES) break;
      size += frame.byteLength;
      end += 1;
    }
    let chunk = first;
    if (end - this.queueHead > 1) {
      chunk = new Uint8Array(size);
      let offset = 0;
      for (let index = this.queueHead; index < end; index += 1) {
        const frame = queue[index] as Uint8Array;
        chunk.set(frame, offset);
        offset += frame.byteLength;
      }
    }
    this.queueHead = end;
    this.queuedBytes -= size;
    if (this.queueHead === queue.length) {
      // Idle again: the queue goes, so an idle stream holds no array.
      this.queue = undefined;
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > queue.length) {
      this.queue = queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return chunk;
  }

  private releaseRoomWaiters(): void {
    const waiters = this.roomWaiters;
    if (waiters === undefined) return;
    this.roomWaiters = undefined;
    for (const resolve of waiters) resolve();
  }
}
