export { createEventBus, type EventBus } from './event-bus.ts';
export { EVENT_BUS_DEFAULTS, type EventBusOptions } from './event-bus-options.ts';
export type { EventBusStats } from './event-bus-state.ts';
export { lastEventIdFrom, lastEventIdOf } from './last-event-id.ts';
export {
  createNodeSseHandler,
  type NodeSseHandler,
  type NodeSseRequest,
  type NodeSseResponse,
} from './node-sse-handler.ts';
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
export { planSseRequest, type SseRequestFacts, type SseRequestPlan } from './sse-request-plan.ts';
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
export type { SseSink, SseSinkSubscription, SubscribeOptions } from './subscribe-stream.ts';
export { isTerminalEvent, TERMINAL_EVENT_TYPES } from './terminal-event.ts';
