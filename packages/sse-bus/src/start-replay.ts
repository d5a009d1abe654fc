/**
 * Starts a registered stream's replay from the event log (after its Last-Event-ID, or its whole
 * history) and counts what it did; a replay that fails closes the stream with a comment saying how
 * to resume.
 */
import type { EventBusSettings } from './event-bus-options.ts';
import type { EventBusState } from './event-bus-state.ts';
import { replayMissedEvents } from './replay-missed-events.ts';
import { encodeComment } from './sse-encoding.ts';
import type { SseSubscriber } from './sse-subscriber.ts';

const REPLAY_FAILED_COMMENT = encodeComment('replay failed; reconnect with Last-Event-ID to resume');

/** Where a replay starts. */
export interface ReplayStart {
  readonly subscriber: SseSubscriber;
  /** The client's Last-Event-ID, or 0 for the whole history. */
  readonly afterId: number;
  /** False for a history replay, where pruned old events are no news to the client. */
  readonly announceRetention: boolean;
}

/** Starts the replay; it runs in the background (the stream holds live events meanwhile). */
export function startReplay(settings: EventBusSettings, state: EventBusState, start: ReplayStart): void {
  const { subscriber, afterId, announceRetention } = start;
  state.counters.replays += 1;
  subscriber.beginReplay(afterId);
  replayMissedEvents({
    subscriber,
    eventLog: settings.eventLog,
    afterId,
    pageSize: settings.replayPageSize,
    registeredAfterId: state.lastPublishedId,
    latestPublishedId: () => state.lastPublishedId,
    announceRetention,
  }).then(
    (outcome) => {
      state.counters.delivered += outcome.delivered;
      state.counters.replayedEvents += outcome.delivered;
      if (outcome.notice === 'retention') state.counters.retentionNotices += 1;
    },
    (error: unknown) => {
      state.counters.replayFailures += 1;
      subscriber.write(REPLAY_FAILED_COMMENT);
      subscriber.close('replay-failed');
      settings.onError?.(error);
    },
  );
}
