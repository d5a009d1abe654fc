export { createTrafficRouter, type TrafficRouterDeps } from './create-traffic-router.ts';
export {
  createHaproxyRouter,
  type HaproxyRouterOptions,
  haproxyBackendFor,
  isHaproxyName,
} from './haproxy-router.ts';
export {
  createHaproxyRuntime,
  type HaproxyAddress,
  type HaproxyRuntime,
  type HaproxyRuntimeOptions,
} from './haproxy-runtime.ts';
export { createNoRouter } from './no-router.ts';
export {
  observeTrafficRouter,
  TRAFFIC_ROUTER_CALL_OUTCOMES,
  TRAFFIC_ROUTER_CALLS,
  TRAFFIC_ROUTER_KINDS,
  type TrafficRouterCallOutcome,
} from './observe-traffic-router.ts';
export type { TrafficRouterAdapter } from './traffic-router-adapter.ts';
export {
  isTrafficRouterError,
  TrafficRouterError,
  type TrafficRouterErrorCode,
} from './traffic-router-error.ts';
export {
  HAPROXY_BACKEND_DEFAULT,
  parseHaproxyAddress,
  parseTrafficRouterSettings,
  TRAFFIC_ROUTER_ENV,
  type TrafficRouterSettings,
} from './traffic-router-settings.ts';
export {
  createWebhookRouter,
  type TrafficWebhookPayload,
  type WebhookRouterOptions,
} from './webhook-router.ts';
