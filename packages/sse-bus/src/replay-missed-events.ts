/**
 * Gap-free resume after `Last-Event-ID`: replay the stream's missed events from the event log, then
 * the live events held back meanwhile, then hand over to live delivery.
 */
import type { EventLog } from '@lukhas/core';
import { encodeEvent, encodeNotice } from './sse-encoding.ts';
import type { SseSubscriber } from './sse-subscriber.ts';
import { eventNameFor, selectionFor } from './sse-topic.ts';
import { isTerminalEvent } from './terminal-event.ts';

/** What a replay needs; the subscriber must already be registered and holding live events. */
export interface ReplayInput {
  readonly subscriber: SseSubscriber;
  readonly eventLog: EventLog;
  /** The client's Last-Event-ID. */
  readonly afterId: number;
  readonly pageSize: number;
  /** The newest id the bus published when the subscriber registered. */
  readonly registeredAfterId: number;
  /** The newest id the bus has published so far. */
  readonly latestPublishedId: () => number;
  /** False for a history replay from the start, where pruned old events are no news to the client. */
  readonly announceRetention?: boolean;
}

/** What a replay did, for the bus's counters. */
export interface ReplayOutcome {
  /** Event frames written, from storage and from the hold. */
  readonly delivered: number;
  readonly notice: 'retention' | 'reset' | undefined;
}

/**
 * Runs the replay to the hand-over. Why it has no gap: the subscriber holds every live event
 * published since it registered, and storage has every event published before (the store
 * publishes after commit); storage is read until a page comes back short with no held event
 * dropped meanwhile, then the hold is drained. The id guard of the subscriber drops the overlap.
 * Rejects only when the event log does.
 */
export async function replayMissedEvents(input: ReplayInput): Promise<ReplayOutcome> {
  const { subscriber, eventLog, pageSize } = input;
  const selection = selectionFor(subscriber.topics);
  const [firstId, lastStoredId] = await Promise.all([eventLog.firstEventId(), eventLog.lastEventId()]);
  if (subscriber.closed) return { delivered: 0, notice: undefined };

  // An entity-only stream reads its entities' whole (short) story: the events before afterId are
  // not sent again (the id guard drops them), but their terminal events count towards its end.
  let cursor = subscriber.endsWithEntities ? 0 : input.afterId;
  let notice: ReplayOutcome['notice'];
  const newestId = Math.max(lastStoredId, input.latestPublishedId());
  if (input.afterId > newestId) {
    notice = 'reset';
    subscriber.write(
      encodeNotice('reset', {
        requestedAfter: input.afterId,
        latestId: newestId,
        message:
          `Last-Event-ID ${input.afterId} is newer than the newest event (${newestId}): the event log ` +
          'was reset or belongs to another server; nothing is replayed, live events follow',
      }),
    );
    // Treat it as a first connection: what was published since the client connected still counts.
    cursor = input.registeredAfterId;
    subscriber.rewind(cursor);
  } else if (
    input.announceRetention !== false &&
    (firstId === undefined ? input.afterId < newestId : input.afterId < firstId - 1)
  ) {
    notice = 'retention';
    subscriber.write(
      encodeNotice('retention', {
        requestedAfter: input.afterId,
        oldestAvailable: firstId ?? null,
        message:
          firstId === undefined
            ? `events after ${input.afterId} are no longer stored (retention); live events follow`
            : `events ${input.afterId + 1}..${firstId - 1} are no longer stored (retention); ` +
              `replaying from ${firstId}`,
      }),
    );
  }

  let delivered = 0;
  for (;;) {
    const dropsBefore = subscriber.heldDrops;
    const page = await eventLog.eventsAfter({ afterId: cursor, selection, limit: pageSize });
    for (const event of page) {
      if (subscriber.needsRoom) await subscriber.waitForRoom();
      if (subscriber.closed) return { delivered, notice };
      const name = eventNameFor(subscriber.topics, event);
      const terminal = isTerminalEvent(event) ? event : undefined;
      if (name !== undefined && subscriber.deliver(event.id, encodeEvent(event, name), terminal))
        delivered += 1;
      cursor = Math.max(cursor, event.id);
    }
    if (subscriber.closed) return { delivered, notice };
    // A full page may have more behind it.
    if (page.length >= pageSize) continue;

    // Drain the hold; a drop (now or during the read) means storage must be read past it again.
    while (subscriber.heldDrops === dropsBefore) {
      const held = subscriber.takeHeld();
      if (held === undefined) {
        subscriber.goLive();
        return { delivered, notice };
      }
      if (subscriber.needsRoom) await subscriber.waitForRoom();
      if (subscriber.closed) return { delivered, notice };
      if (subscriber.deliver(held.id, held.bytes, held.terminal)) delivered += 1;
    }
    cursor = Math.max(cursor, subscriber.lastId);
  }
}
