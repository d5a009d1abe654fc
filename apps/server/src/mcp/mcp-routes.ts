/**
 * `POST/GET/DELETE /mcp`: MCP over Streamable HTTP on the official SDK. 2026-07-28 (stateless,
 * per-request envelope) is served by the SDK's `createMcpHandler`; 2025-era traffic (the
 * initialize handshake of 2025-11-25 / 2025-06-18 clients, bare JSON-RPC POSTs) by
 * `createLegacyHttpHandler`. No session id is ever required. Mounted behind the security layer,
 * which has already checked Host/Origin, the API key and the body size.
 */
import {
  type AuthInfo,
  createMcpHandler,
  isLegacyRequest,
  type McpServerFactory,
} from '@modelcontextprotocol/server';
import { Hono } from 'hono';
import { type Access, isAccessScope } from '../access/index.ts';
import { type RequestTextBindings, requestText, type SecurityVariables } from '../http/index.ts';
import { type CallSurface, callSurfaceOf, FULL_SURFACE } from './call-surface.ts';
import { createCockpitMcpServer, toolsOf } from './cockpit-mcp-server.ts';
import { curlCompatibleHeaders } from './curl-compat.ts';
import { directToolCall, directToolsOf } from './direct-tool-call.ts';
import { createLegacyHttpHandler } from './legacy-http-handler.ts';
import { publishResourceUpdates } from './resources/index.ts';
import { scopeStepUp } from './scope-step-up.ts';
import { DEFAULT_MAX_WAIT_MS, type McpCockpit } from './tool-context.ts';
import type { McpToolMetrics } from './tool-metrics.ts';

/** What `/mcp` is built from. */
export interface McpRoutesOptions {
  readonly cockpit: McpCockpit;
  /** The server version shown to clients. */
  readonly version: string;
  /** Same bound as the security layer's body limit (LUKHAS_MAX_BODY_BYTES). */
  readonly maxBodyBytes: number;
  /** Epoch ms; default `Date.now`. */
  readonly now?: () => number;
  /** Longest `run_eval {wait: true}` blocks; default 10 minutes. */
  readonly maxWaitMs?: number;
  /** Hears transport errors (malformed requests) and internal tool failures; default: ignore. */
  readonly onError?: (error: Error) => void;
  /** Hears every tool call (tool, outcome, seconds) for `/metrics`; default: nothing is measured. */
  readonly metrics?: McpToolMetrics;
  /**
   * The protected-resource metadata URL when OAuth is on: an OAuth caller lacking a tool's scope
   * then gets the 403 scope challenge (`scopeStepUp`) instead of a plain `isError` result.
   */
  readonly resourceMetadataUrl?: string;
  /**
   * Answer plain 2025-era `tools/call`s of read-only tools without an SDK server (see
   * `direct-tool-call.ts`); default true. Off, the SDK answers every request (the tests compare).
   */
  readonly directToolCalls?: boolean;
}

/**
 * The `/mcp` routes.
 *
 * @example
 * app.use(...securityMiddleware(security));
 * app.route('/', mcpRoutes({ cockpit, version: '0.1.0', maxBodyBytes: security.maxBodyBytes }));
 */
export function mcpRoutes(options: McpRoutesOptions): Hono<{ Variables: SecurityVariables }> {
  const onError = options.onError ?? (() => {});
  const shared = {
    cockpit: options.cockpit,
    now: options.now ?? Date.now,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
    report: onError,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
  };
  // What each request calls, so its server registers only that (see `call-surface.ts`).
  const surfaces = new WeakMap<Request, CallSurface>();
  const factory: McpServerFactory = (request) =>
    createCockpitMcpServer({ ...shared, ...accessOf(request.authInfo) }, options.version, request.era, {
      surface:
        request.requestInfo === undefined
          ? FULL_SURFACE
          : (surfaces.get(request.requestInfo) ?? FULL_SURFACE),
    });
  const modern = createMcpHandler(factory, {
    legacy: 'reject',
    maxRequestBodySize: options.maxBodyBytes,
    onerror: onError,
  });
  // Entity changes reach the open `subscriptions/listen` streams as notifications/resources/updated.
  publishResourceUpdates(options.cockpit.onEvent, modern.notify);
  const legacy = createLegacyHttpHandler(factory, { maxRequestBodySize: options.maxBodyBytes, onError });
  const directTools = directToolsOf(options.directToolCalls === false ? [] : toolsOf(options.cockpit));

  const routes = new Hono<{ Variables: SecurityVariables }>();
  routes.all('/mcp', async (context) => {
    const authInfo = accessAuthInfo(context.get('access'));
    const raw = context.req.raw;
    if (raw.method !== 'POST') {
      return (await isLegacyRequest(raw))
        ? legacy(raw, { authInfo, parsedBody: undefined, jsonOnly: false })
        : modern.fetch(raw, { authInfo });
    }
    // Read once (the body limit has bounded it) and hand the SDK the parsed body: no second parse.
    const text = await requestText(raw, context.env as RequestTextBindings | undefined);
    const { headers, jsonOnly, rewritten } = curlCompatibleHeaders(raw.headers);
    const parsedBody = parseJson(text);
    const challenge = scopeStepUp({
      access: context.get('access'),
      body: parsedBody,
      resourceMetadataUrl: options.resourceMetadataUrl,
      fileTools: options.cockpit.files !== undefined,
    });
    if (challenge !== undefined) return challenge;
    // A plain 2025-era read-only call first: it needs neither the SDK nor its era classification.
    const direct = await directToolCall({
      body: parsedBody,
      headers,
      tools: directTools,
      context: { ...shared, ...accessOf(authInfo) },
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    });
    if (direct !== undefined) return direct;
    const request = forwardedRequest(raw, { headers, rewritten, text, parsedBody });
    surfaces.set(request, callSurfaceOf(parsedBody));
    return (await isLegacyRequest(request, parsedBody))
      ? legacy(request, { authInfo, parsedBody, jsonOnly })
      : modern.fetch(request, { authInfo, ...(parsedBody === undefined ? {} : { parsedBody }) });
  });
  return routes;
}

// The security layer authenticated the caller; the SDK only passes this through to the factory.
function accessAuthInfo(access: Access): AuthInfo {
  return { token: '', clientId: access.operator, scopes: [...access.scopes] };
}

// The way back; a request that somehow carries none gets no scope (fail closed).
function accessOf(authInfo: AuthInfo | undefined): Access {
  return {
    operator: authInfo?.clientId ?? 'anonymous',
    scopes: (authInfo?.scopes ?? []).filter(isAccessScope),
  };
}

/**
 * The request handed to the SDK. The body has been read and parsed here: when it parsed, the SDK
 * is given it (`parsedBody`) and never reads the request's body, so the request is handed on as it
 * came (its headers untouched) or rebuilt without a body; only a body that did not parse goes on
 * as text, for the SDK's own -32700.
 */
function forwardedRequest(
  raw: Request,
  body: { headers: Headers; rewritten: boolean; text: string; parsedBody: unknown },
): Request {
  if (body.parsedBody !== undefined && !body.rewritten) return raw;
  return new Request(raw.url, {
    method: 'POST',
    headers: body.headers,
    signal: raw.signal,
    ...(body.parsedBody === undefined ? { body: body.text } : {}),
  });
}

function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
