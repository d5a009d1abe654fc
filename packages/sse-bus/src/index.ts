export {
  createEventBus,
  EVENT_BUS_DEFAULTS,
  type EventBus,
  type EventBusOptions,
  type EventBusStats,
  type SubscribeOptions,
} from './event-bus.ts';
export { lastEventIdOf } from './last-event-id.ts';
export { isSseBusError, SseBusError, type SseBusErrorCode } from './sse-bus-error.ts';
export { encodeComment, encodeEvent, encodeNotice, encodeRetry, type SseEventData } from './sse-encoding.ts';
export {
  createSseHandler,
  SSE_RESPONSE_HEADERS,
  type SseAuthorizeInput,
  type SseHandler,
  type SseHandlerOptions,
  type SseRequestContext,
} from './sse-handler.ts';
export {
  ACCEPTED_TOPIC_FORMS,
  eventNameFor,
  MAX_TOPICS,
  parseTopics,
  type SseTopic,
  safeParseTopics,
  selectionFor,
  type TopicsParseResult,
  topicMatches,
} from './sse-topic.ts';
export { isTerminalEvent, TERMINAL_EVENT_TYPES } from './terminal-event.ts';
