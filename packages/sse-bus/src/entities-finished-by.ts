/**
 * Whether a resume of entity topics has anything left to send: an EventSource that reconnects to a
 * job that ended before its Last-Event-ID must be told to stop (204), or it reconnects forever.
 */
import type { EventLog } from '@lukhas/core';
import { EntityEndings } from './entity-endings.ts';
import { type SseTopic, selectionFor } from './sse-topic.ts';

/** What {@link entitiesFinishedBy} reads. */
export interface EntitiesFinishedByInput {
  readonly eventLog: EventLog;
  readonly topics: readonly SseTopic[];
  /** The client's Last-Event-ID. */
  readonly lastEventId: number;
  /** Events per event-log read. */
  readonly pageSize: number;
}

/**
 * True when every topic is an entity topic whose terminal event is stored with an id ≤
 * `lastEventId`, and no event of those entities is stored after `lastEventId`. Reads the entities'
 * stored events from the start (an entity's story is short) through the portable `eventsAfter`.
 * An entity with no stored events (unknown, or pruned by retention) is not finished.
 */
export async function entitiesFinishedBy(input: EntitiesFinishedByInput): Promise<boolean> {
  const endings = EntityEndings.of(input.topics);
  if (endings === undefined) return false;
  const selection = selectionFor(input.topics);
  let cursor = 0;
  for (;;) {
    const page = await input.eventLog.eventsAfter({ afterId: cursor, selection, limit: input.pageSize });
    for (const event of page) {
      // Something the client has not seen: the resume has it to send.
      if (event.id > input.lastEventId) return false;
      endings.note(event);
      cursor = Math.max(cursor, event.id);
    }
    if (page.length < input.pageSize) return endings.done;
  }
}
