/**
 * The bus's answer to "has a resume of these topics anything left to send?": the event log's
 * answer (`entitiesFinishedBy`), or false when the log fails, since not knowing is not finished.
 */
import { entitiesFinishedBy } from './entities-finished-by.ts';
import type { EventBusSettings } from './event-bus-options.ts';
import { isSseBusError } from './sse-bus-error.ts';
import { type SseTopic, topicsOf } from './sse-topic.ts';

/** Which topics, resumed after which id. */
export interface FinishedByQuestion {
  readonly topics: readonly SseTopic[] | readonly string[];
  readonly lastEventId: number;
}

/**
 * True when a resume of `question.topics` after `question.lastEventId` has nothing left to send.
 * Raw topics are parsed (an invalid one throws `SseBusError`); a failing log is told to `onError`.
 */
export async function busFinishedBy(
  settings: EventBusSettings,
  question: FinishedByQuestion,
): Promise<boolean> {
  try {
    return await entitiesFinishedBy({
      eventLog: settings.eventLog,
      topics: topicsOf(question.topics),
      lastEventId: question.lastEventId,
      pageSize: settings.replayPageSize,
    });
  } catch (error) {
    // Not knowing is not finished: the caller serves the stream, whose replay retries the log.
    if (isSseBusError(error)) throw error;
    settings.onError?.(error);
    return false;
  }
}
