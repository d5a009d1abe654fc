/**
 * @lukhas/mcp-cockpit-client: the MCP Cockpit client SDK for browsers and Node 20.
 *
 * @example
 * import { LukhasMCPCockpit } from '@lukhas/mcp-cockpit-client';
 *
 * const cockpit = new LukhasMCPCockpit('http://localhost:8766', 'api-key');
 * cockpit.on('completed', (event) => console.log(event.narrative));
 * cockpit.subscribe('job/*');
 * await cockpit.runEval({ taskId: 'lukhas-agi-stress' });
 */
export { LukhasMCPCockpit, type LukhasMCPCockpitOptions } from './cockpit-client.js';
export {
  CockpitClientError,
  type CockpitClientErrorCode,
  type CockpitClientErrorOptions,
  isCockpitClientError,
  type JsonRpcError,
} from './cockpit-client-error.js';
export type {
  CanaryEventData,
  CanaryEventType,
  CanaryStepData,
  CockpitEvent,
  CockpitEventData,
  CockpitEventHandler,
  CockpitEventMap,
  CockpitEventName,
  CockpitNotice,
  CockpitOpenEvent,
  CockpitReconnectingEvent,
  FileEventData,
  FileEventType,
  JobEventData,
  JobEventType,
  MetricEventData,
  StepEventData,
} from './cockpit-events.js';
export { CockpitTools, type CockpitToolsOptions, type ToolCallOptions } from './cockpit-tools.js';
export {
  DEFAULT_IDLE_TIMEOUT_MS,
  EventStream,
  type EventStreamOptions,
  type EventStreamState,
  type FetchLike,
  type StreamOpenInfo,
  type StreamReconnectInfo,
  systemTimers,
  type Timers,
} from './event-stream.js';
export type * from './generated-tool-types.js';
export type { McpRequestOptions } from './mcp-tool-call.js';
export {
  DEFAULT_RECONNECT_OPTIONS,
  type ReconnectDelayInput,
  type ReconnectOptions,
  reconnectDelay,
} from './reconnect-delay.js';
export {
  createSseParser,
  readEventStream,
  type SseMessage,
  type SseParser,
  type SseParserHandlers,
} from './sse-parser.js';
