// @lukhas/mcp-cockpit-client: the whole SDK in one ES module, bundled from dist/index.js by esbuild. Generated: do not edit.

// dist/cockpit-client-error.js
var CockpitClientError = class extends Error {
  name = "CockpitClientError";
  code;
  /** The HTTP status, when the error came with one. */
  status;
  /** The JSON-RPC error, for `RPC_ERROR` (and HTTP errors whose body was one). */
  rpcError;
  /** Seconds to wait before trying again, from `Retry-After`. */
  retryAfter;
  /** The bracketed code a failed tool ended its message with, e.g. `JOB_NOT_FOUND`. */
  toolCode;
  /** The tool that was called, for errors of tool calls. */
  tool;
  /** The parsed JSON (or text) body of an HTTP error, when there was one. */
  body;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.rpcError = options.rpcError;
    this.retryAfter = options.retryAfter;
    this.toolCode = options.toolCode;
    this.tool = options.tool;
    this.body = options.body;
  }
};
function isCockpitClientError(error, code) {
  return error instanceof CockpitClientError && (code === void 0 || error.code === code);
}

// dist/http-error.js
async function errorFromResponse(response, what, context = {}) {
  const body = await readBody(response);
  const rpcError = jsonRpcErrorOf(body);
  const serverMessage = rpcError?.message ?? messageOf(body);
  const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
  const code = codeForStatus(response.status);
  const message = `${what} answered ${response.status}${statusHint(code)}${serverMessage ? `: ${serverMessage}` : ""}`;
  return new CockpitClientError(code, message, {
    status: response.status,
    body,
    ...context.tool === void 0 ? {} : { tool: context.tool },
    ...rpcError === void 0 ? {} : { rpcError },
    ...retryAfter === void 0 ? {} : { retryAfter }
  });
}
function codeForStatus(status) {
  if (status === 401)
    return "UNAUTHORIZED";
  if (status === 403)
    return "FORBIDDEN";
  if (status === 429)
    return "RATE_LIMITED";
  if (status === 400)
    return "BAD_REQUEST";
  return "HTTP_ERROR";
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === null)
    return void 0;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed))
    return Number.parseInt(trimmed, 10);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date))
    return void 0;
  return Math.max(0, Math.ceil((date - now) / 1e3));
}
function jsonRpcErrorOf(body) {
  if (!isRecord(body) || !isRecord(body.error))
    return void 0;
  const { code, message, data } = body.error;
  if (typeof code !== "number" || typeof message !== "string")
    return void 0;
  return data === void 0 ? { code, message } : { code, message, data };
}
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function statusHint(code) {
  if (code === "UNAUTHORIZED")
    return " (missing or wrong API key)";
  if (code === "FORBIDDEN")
    return " (forbidden)";
  if (code === "RATE_LIMITED")
    return " (rate limited)";
  return "";
}
function messageOf(body) {
  if (typeof body === "string")
    return body.trim().slice(0, 500) || void 0;
  if (!isRecord(body))
    return void 0;
  if (typeof body.message === "string")
    return body.message;
  if (typeof body.error === "string")
    return body.error;
  return void 0;
}
async function readBody(response) {
  let text;
  try {
    text = await response.text();
  } catch {
    return void 0;
  }
  if (text === "")
    return void 0;
  return parseJson(text) ?? text;
}

// dist/sse-parser.js
var LINE_END = /\r\n|\r|\n/g;
var DIGITS = /^[0-9]+$/;
function createSseParser(handlers, initialLastEventId = "") {
  let pending = "";
  let first = true;
  let endedWithCr = false;
  let eventType = "";
  let data = "";
  let hasData = false;
  let ownId;
  let lastEventId = initialLastEventId;
  let rawLines = [];
  const dispatch = () => {
    const raw = rawLines.join("\n");
    rawLines = [];
    if (!hasData) {
      eventType = "";
      ownId = void 0;
      if (raw !== "")
        handlers.onBlock?.(raw);
      return;
    }
    const message = {
      event: eventType === "" ? "message" : eventType,
      data,
      id: ownId,
      lastEventId,
      raw
    };
    eventType = "";
    data = "";
    hasData = false;
    ownId = void 0;
    handlers.onMessage(message);
    handlers.onBlock?.(raw);
  };
  const processLine = (line) => {
    if (line === "")
      return dispatch();
    rawLines.push(line);
    if (line.startsWith(":")) {
      handlers.onComment?.(line.slice(line.startsWith(": ") ? 2 : 1));
      return;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" "))
      value = value.slice(1);
    switch (field) {
      case "event":
        eventType = value;
        break;
      case "data":
        data = hasData ? `${data}
${value}` : value;
        hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) {
          lastEventId = value;
          ownId = value;
        }
        break;
      case "retry":
        if (DIGITS.test(value))
          handlers.onRetry?.(Number.parseInt(value, 10));
        break;
      default:
        break;
    }
  };
  return {
    feed(text) {
      let chunk = text;
      if (chunk === "")
        return;
      if (first) {
        first = false;
        if (chunk.startsWith("\uFEFF"))
          chunk = chunk.slice(1);
      }
      if (endedWithCr && chunk.startsWith("\n"))
        chunk = chunk.slice(1);
      endedWithCr = chunk.endsWith("\r");
      pending += chunk;
      LINE_END.lastIndex = 0;
      let start = 0;
      for (let match = LINE_END.exec(pending); match !== null; match = LINE_END.exec(pending)) {
        processLine(pending.slice(start, match.index));
        start = LINE_END.lastIndex;
      }
      pending = pending.slice(start);
    }
  };
}
async function readEventStream(body, handlers, options = {}) {
  const { signal } = options;
  const parser = createSseParser(handlers, options.lastEventId);
  const decoder = new TextDecoder("utf-8");
  const reader = body.getReader();
  const cancel = () => {
    reader.cancel(signal?.reason).catch(() => void 0);
  };
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    for (; ; ) {
      if (signal?.aborted)
        break;
      const { done, value } = await reader.read();
      if (done || signal?.aborted)
        break;
      handlers.onChunk?.();
      parser.feed(decoder.decode(value, { stream: true }));
    }
    if (signal?.aborted)
      throw signal.reason ?? new DOMException("The stream was aborted", "AbortError");
    parser.feed(decoder.decode());
  } finally {
    signal?.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}

// dist/mcp-tool-call.js
async function mcpRequest(context, method, params, options = {}) {
  const { answer } = await exchange(context, { method, params, label: method, tool: void 0, options });
  return isRecord(answer) ? answer.result : void 0;
}
async function mcpNotify(context, method, params, options = {}) {
  const label = method;
  const response = await post(context, { jsonrpc: "2.0", method, ...params === void 0 ? {} : { params } }, {
    method,
    params,
    label,
    tool: void 0,
    options
  });
  await response.body?.cancel().catch(() => void 0);
}
async function callMcpTool(context, tool, args, options = {}) {
  refuseNonObjectArguments(tool, args);
  const { answer, status } = await exchange(context, {
    method: "tools/call",
    params: { name: tool, arguments: args },
    label: tool,
    tool,
    options
  });
  const result = isRecord(answer) ? answer.result : void 0;
  if (!isToolResult(result)) {
    throw new CockpitClientError("INVALID_RESPONSE", `POST /mcp (${tool}): the answer holds no tool result`, {
      status,
      tool,
      body: answer
    });
  }
  if (result.isError === true) {
    const text = firstText(result) ?? `${tool} failed`;
    const toolCode = /\[([A-Z][A-Z0-9_]*)\]\s*$/.exec(text)?.[1];
    throw new CockpitClientError("TOOL_ERROR", text, {
      tool,
      status,
      ...toolCode === void 0 ? {} : { toolCode }
    });
  }
  return result;
}
async function exchange(context, call) {
  const id = context.nextId();
  const message = {
    jsonrpc: "2.0",
    id,
    method: call.method,
    ...call.params === void 0 ? {} : { params: call.params }
  };
  const response = await post(context, message, call);
  const { signal } = call.options;
  let answer;
  try {
    answer = await readAnswer(response, id, signal);
  } catch (cause) {
    if (cause instanceof CockpitClientError)
      throw cause;
    throw failedRequest(call, cause);
  }
  const rpcError = jsonRpcErrorOf(answer);
  if (rpcError !== void 0)
    throw rpcFailure(call, rpcError, response.status);
  return { answer, status: response.status };
}
async function post(context, message, call) {
  const { signal } = call.options;
  let response;
  try {
    response = await context.fetch(context.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json, text/event-stream",
        ...context.headers(),
        ...call.options.headers
      },
      body: JSON.stringify(message),
      ...signal === void 0 ? {} : { signal }
    });
  } catch (cause) {
    throw failedRequest(call, cause);
  }
  if (!response.ok) {
    throw await errorFromResponse(response, `POST /mcp (${call.label})`, call.tool === void 0 ? {} : { tool: call.tool });
  }
  return response;
}
function firstText(result) {
  return result.content.find((item) => typeof item.text === "string")?.text;
}
function structuredResult(tool, result) {
  if (result.structuredContent !== void 0)
    return result.structuredContent;
  const text = firstText(result);
  if (text === void 0)
    return void 0;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CockpitClientError("INVALID_RESPONSE", `${tool}: the result text is not JSON`, { tool, cause });
  }
}
async function readAnswer(response, id, signal) {
  const contentType = (response.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.startsWith("text/event-stream") && response.body !== null) {
    let answer;
    await readEventStream(response.body, {
      onMessage: (message) => {
        if (answer !== void 0 || message.event !== "message")
          return;
        const parsed2 = parseJson(message.data);
        if (isRecord(parsed2) && parsed2.id === id && ("result" in parsed2 || "error" in parsed2))
          answer = parsed2;
      }
    }, signal === void 0 ? {} : { signal });
    if (answer === void 0) {
      throw new CockpitClientError("INVALID_RESPONSE", "the event stream ended without an answer to the call");
    }
    return answer;
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (parsed === void 0) {
    throw new CockpitClientError("INVALID_RESPONSE", `expected a JSON-RPC answer, got ${contentType || "no content type"}`, {
      status: response.status,
      body: text.slice(0, 500)
    });
  }
  return parsed;
}
function refuseNonObjectArguments(tool, args) {
  if (isRecord(args))
    return;
  const given = args === null ? "null" : Array.isArray(args) ? "an array" : `a ${typeof args}`;
  throw new CockpitClientError("INVALID_ARGUMENTS", `${tool}: expected the arguments as one object such as {"id": "\u2026"}, got ${given}`, { tool });
}
function isToolResult(value) {
  return isRecord(value) && Array.isArray(value.content);
}
function rpcFailure(call, rpcError, status) {
  return new CockpitClientError("RPC_ERROR", `${call.label}: ${rpcError.message} (JSON-RPC ${rpcError.code})`, { ...call.tool === void 0 ? {} : { tool: call.tool }, rpcError, status });
}
function failedRequest(call, cause) {
  const tool = call.tool === void 0 ? {} : { tool: call.tool };
  if (call.options.signal?.aborted)
    return new CockpitClientError("ABORTED", `${call.label}: the call was aborted`, { ...tool, cause });
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new CockpitClientError("NETWORK_ERROR", `POST /mcp (${call.label}) failed: ${detail}`, {
    ...tool,
    cause
  });
}

// dist/cockpit-tools.js
function idArguments(args, key) {
  return typeof args === "string" ? { [key]: args } : args;
}
var CockpitTools = class {
  /** The server's base URL, without a trailing slash. */
  baseUrl;
  /** The `fetch` every request goes through. */
  fetchFunction;
  #apiKey;
  #headers;
  #requestId = 0;
  constructor(baseUrl, apiKey, options = {}) {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`expected an http(s) base URL, got ${JSON.stringify(baseUrl)}`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.#apiKey = apiKey === "" ? void 0 : apiKey;
    this.#headers = options.headers ?? {};
    this.fetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }
  /** Calls any tool by name and returns its structured result. */
  async callTool(name, args = {}, options = {}) {
    const result = await callMcpTool(this.#toolContext(), name, args, options);
    return structuredResult(name, result);
  }
  /**
   * Sends any MCP JSON-RPC request (`initialize`, `tools/list`, `ping`, …) in one POST and returns
   * its `result`; a JSON-RPC error rejects with `RPC_ERROR`.
   *
   * @example
   * const { tools } = await cockpit.request<{ tools: { name: string }[] }>('tools/list');
   */
  async request(method, params, options = {}) {
    return await mcpRequest(this.#toolContext(), method, params, options);
  }
  /** Sends an MCP JSON-RPC notification (e.g. `notifications/initialized`); resolves once accepted. */
  notify(method, params, options = {}) {
    return mcpNotify(this.#toolContext(), method, params, options);
  }
  /** `search`: documents of the server's repository matching a query. */
  search(args, options) {
    return this.callTool("search", args, options);
  }
  /** `fetch`: one document by the id `search` returned. */
  fetchDocument(args, options) {
    return this.callTool("fetch", args, options);
  }
  /** `run_eval`: queues an evaluation job (`status: "queued"`); with `wait: true`, the ended job. */
  runEval(args, options) {
    return this.callTool("run_eval", args, options);
  }
  /** `get_job`: one job's current state; `getJob('job_…')` is `getJob({jobId: 'job_…'})`. */
  getJob(args, options) {
    return this.callTool("get_job", idArguments(args, "jobId"), options);
  }
  /** `list_jobs`: recent jobs, newest first. */
  listJobs(args = {}, options) {
    return this.callTool("list_jobs", args, options);
  }
  /** `cancel_job`: cancels a queued or running job. */
  cancelJob(args, options) {
    return this.callTool("cancel_job", args, options);
  }
  /** `start_canary`: starts an SLO-guarded promotion (`status: "running"`). */
  startCanary(args, options) {
    return this.callTool("start_canary", args, options);
  }
  /** `get_canary`: one canary with every SLO sample so far; takes `{canaryId}` or the id itself. */
  getCanary(args, options) {
    return this.callTool("get_canary", idArguments(args, "canaryId"), options);
  }
  /** `list_canaries`: recent canaries, newest first. */
  listCanaries(args = {}, options) {
    return this.callTool("list_canaries", args, options);
  }
  /** `abort_canary`: rolls a running canary back at once. */
  abortCanary(args, options) {
    return this.callTool("abort_canary", args, options);
  }
  /** `promote_canary`: resumes a canary paused at a `pause: {}` step; `full: true` promotes it at once. */
  promoteCanary(args, options) {
    return this.callTool("promote_canary", args, options);
  }
  /** `why`: the narrative lines of a job, canary or model, oldest first; `why(id)` is `why({id})`. */
  async why(args, options = {}) {
    const whyArgs = idArguments(args, "id");
    const result = await callMcpTool(this.#toolContext(), "why", whyArgs, options);
    if (isRecord(result.structuredContent))
      return result.structuredContent;
    const text = firstText(result) ?? "";
    return { id: whyArgs.id, lines: text === "" ? [] : text.split("\n") };
  }
  /** `why_math`: the thresholds, samples and rule behind a canary decision; takes `{id}` or the id. */
  whyMath(args, options) {
    return this.callTool("why_math", idArguments(args, "id"), options);
  }
  /** `list_files` (file operations on, LUKHAS_FILE_OPS=1): files under a folder, with their sha256. */
  listFiles(args = {}, options) {
    return this.callTool("list_files", args, options);
  }
  /** `read_file` (file operations on): a file's text, or some of its lines, and its sha256. */
  readFile(args, options) {
    return this.callTool("read_file", args, options);
  }
  /** `write_file` (file operations on, operate scope): creates or replaces a file; pass `expectedSha256`. */
  writeFile(args, options) {
    return this.callTool("write_file", args, options);
  }
  /** `apply_patch` (file operations on, operate scope): applies a unified diff, every hunk or none. */
  applyPatch(args, options) {
    return this.callTool("apply_patch", args, options);
  }
  /** The headers of every request: the extra ones, then the API key. */
  requestHeaders() {
    return { ...this.#headers, ...this.#apiKey === void 0 ? {} : { "X-API-Key": this.#apiKey } };
  }
  #toolContext() {
    return {
      endpoint: `${this.baseUrl}/mcp`,
      fetch: this.fetchFunction,
      headers: () => this.requestHeaders(),
      nextId: () => {
        this.#requestId += 1;
        return this.#requestId;
      }
    };
  }
};

// dist/reconnect-delay.js
var DEFAULT_RECONNECT_OPTIONS = Object.freeze({
  minDelayMs: 250,
  maxDelayMs: 1e3,
  factor: 2,
  capMs: 3e4
});
function reconnectDelay(input) {
  const options = input.options ?? DEFAULT_RECONNECT_OPTIONS;
  const span = Math.max(0, options.maxDelayMs - options.minDelayMs);
  const lower = Math.max(0, input.serverRetryMs ?? options.minDelayMs);
  const jitter = clampUnit(input.random());
  const growth = options.factor ** Math.max(0, input.attempt - 1);
  const delay = (lower + span * jitter) * growth;
  if (delay <= options.capMs)
    return Math.round(delay);
  return Math.round(options.capMs * (0.75 + 0.25 * jitter));
}
function clampUnit(value) {
  if (!Number.isFinite(value) || value < 0)
    return 0;
  return Math.min(value, 1);
}

// dist/report-handler-error.js
function reportHandlerError(error) {
  const report = globalThis.reportError;
  if (typeof report === "function") {
    report(error);
    return;
  }
  queueMicrotask(() => {
    throw error;
  });
}

// dist/event-stream.js
var systemTimers = {
  setTimeout: (callback, milliseconds) => globalThis.setTimeout(callback, milliseconds),
  clearTimeout: (handle) => globalThis.clearTimeout(handle)
};
var DEFAULT_IDLE_TIMEOUT_MS = 45e3;
var EventStream = class {
  #options;
  #timers;
  #state = "idle";
  #lastId;
  #serverRetryMs;
  #failures = 0;
  #opened = false;
  // Every start/restart/close begins a new generation; work of an older one stops at its next step.
  #generation = 0;
  #controller;
  #sleep;
  #idle;
  constructor(options) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#lastId = options.lastEventId;
  }
  get state() {
    return this.#state;
  }
  /** The id of the last event delivered: what the next connection sends as `Last-Event-ID`. */
  get lastEventId() {
    return this.#lastId;
  }
  /** Sets the resume point, e.g. after the server announced a reset of its event ids. */
  set lastEventId(id) {
    this.#lastId = id;
  }
  /** Connects, unless already connected or connecting. */
  start() {
    if (this.#state === "idle" || this.#state === "closed")
      this.restart();
  }
  /** Drops the current connection (if any) and connects again at once, resuming after the last id. */
  restart() {
    this.#stopCurrent();
    this.#failures = 0;
    if (this.#state === "idle" || this.#state === "closed")
      this.#opened = false;
    void this.#run(this.#generation);
  }
  /** Stops for good: aborts the connection and any pending reconnect. `start()` resumes later. */
  close() {
    this.#stopCurrent();
    this.#state = "closed";
  }
  #stopCurrent() {
    this.#generation += 1;
    this.#controller?.abort();
    this.#controller = void 0;
    this.#clearIdle();
    if (this.#sleep !== void 0) {
      this.#timers.clearTimeout(this.#sleep.handle);
      this.#sleep.wake();
      this.#sleep = void 0;
    }
  }
  async #run(generation) {
    for (; ; ) {
      this.#state = "connecting";
      const outcome = await this.#connectOnce(generation);
      if (generation !== this.#generation)
        return;
      if (outcome.fatal) {
        this.#state = "closed";
        this.#generation += 1;
        this.#options.onError?.(outcome.error);
        return;
      }
      this.#failures += 1;
      const jittered = reconnectDelay({
        attempt: this.#failures,
        serverRetryMs: this.#serverRetryMs,
        random: this.#options.random ?? Math.random,
        options: this.#options.reconnect ?? DEFAULT_RECONNECT_OPTIONS
      });
      const retryAfterMs = (outcome.error.retryAfter ?? 0) * 1e3;
      const delayMs = Math.max(jittered, retryAfterMs);
      this.#state = "reconnecting";
      this.#options.onReconnecting?.({ attempt: this.#failures, delayMs, error: outcome.error });
      if (generation !== this.#generation)
        return;
      await new Promise((wake) => {
        const handle = this.#timers.setTimeout(() => {
          this.#sleep = void 0;
          wake();
        }, delayMs);
        this.#sleep = { handle, wake };
      });
      if (generation !== this.#generation)
        return;
    }
  }
  async #connectOnce(generation) {
    const controller = new AbortController();
    this.#controller = controller;
    const url = this.#options.url();
    const resumeAfter = this.#lastId;
    const headers = { Accept: "text/event-stream", ...this.#options.headers?.() };
    if (resumeAfter !== void 0)
      headers["Last-Event-ID"] = String(resumeAfter);
    let response;
    try {
      response = await this.#options.fetch(url, { headers, signal: controller.signal });
    } catch (cause) {
      return transient("NETWORK_ERROR", `GET ${url} failed: ${describe(cause)}`, cause);
    }
    if (generation !== this.#generation) {
      void response.body?.cancel().catch(() => void 0);
      return transient("STREAM_INTERRUPTED", "superseded");
    }
    if (!response.ok) {
      const error = await errorFromResponse(response, `GET ${pathOf(url)}`);
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
      return { fatal: !retryable, error };
    }
    const contentType = response.headers.get("content-type") ?? "";
    if (!contentType.toLowerCase().startsWith("text/event-stream") || response.body === null) {
      void response.body?.cancel().catch(() => void 0);
      const message = `GET ${pathOf(url)} answered ${response.status} with ${contentType || "no content type"}, not text/event-stream`;
      return {
        fatal: true,
        error: new CockpitClientError("INVALID_RESPONSE", message, { status: response.status })
      };
    }
    this.#failures = 0;
    this.#state = "open";
    const reconnected = this.#opened;
    this.#opened = true;
    this.#options.onOpen?.({ url, lastEventId: resumeAfter, reconnected });
    let idled = false;
    const armIdle = () => {
      this.#clearIdle();
      const idleTimeoutMs = this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
      if (idleTimeoutMs <= 0 || generation !== this.#generation)
        return;
      this.#idle = this.#timers.setTimeout(() => {
        idled = true;
        controller.abort();
      }, idleTimeoutMs);
    };
    try {
      armIdle();
      await readEventStream(response.body, {
        onChunk: armIdle,
        onRetry: (milliseconds) => {
          if (generation === this.#generation)
            this.#serverRetryMs = milliseconds;
        },
        onMessage: (message) => {
          if (generation === this.#generation)
            this.#deliver(message);
        }
      }, { signal: controller.signal });
      return transient("STREAM_INTERRUPTED", "the event stream ended; reconnecting with Last-Event-ID");
    } catch (cause) {
      const why = idled ? `nothing arrived for ${this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS} ms, not even a heartbeat` : `the event stream broke: ${describe(cause)}`;
      return transient("STREAM_INTERRUPTED", why, cause);
    } finally {
      if (generation === this.#generation)
        this.#clearIdle();
    }
  }
  #deliver(message) {
    const id = message.id === void 0 ? void 0 : parseEventId(message.id);
    if (id !== void 0) {
      if (this.#lastId !== void 0 && id <= this.#lastId)
        return;
      this.#lastId = id;
    }
    try {
      this.#options.onMessage(message);
    } catch (error) {
      reportHandlerError(error);
    }
  }
  #clearIdle() {
    if (this.#idle === void 0)
      return;
    this.#timers.clearTimeout(this.#idle);
    this.#idle = void 0;
  }
};
function parseEventId(value) {
  if (!/^\d{1,16}$/.test(value))
    return void 0;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : void 0;
}
function transient(code, message, cause) {
  return { fatal: false, error: new CockpitClientError(code, message, cause === void 0 ? {} : { cause }) };
}
function describe(cause) {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
function pathOf(url) {
  const match = /^[a-z]+:\/\/[^/]+(\/[^?#]*)/i.exec(url);
  return match?.[1] ?? url;
}

// dist/cockpit-client.js
var LukhasMCPCockpit = class extends CockpitTools {
  #stream;
  #handlers = /* @__PURE__ */ new Map();
  #topics = [];
  #topicsChanged = false;
  #connectScheduled = false;
  constructor(baseUrl, apiKey, options = {}) {
    super(baseUrl, apiKey, options);
    this.#stream = new EventStream({
      url: () => this.#streamUrl(),
      headers: () => this.requestHeaders(),
      fetch: this.fetchFunction,
      reconnect: { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect },
      ...options.timers === void 0 ? {} : { timers: options.timers },
      ...options.random === void 0 ? {} : { random: options.random },
      ...options.idleTimeoutMs === void 0 ? {} : { idleTimeoutMs: options.idleTimeoutMs },
      lastEventId: options.lastEventId,
      onMessage: (message) => this.#dispatch(message),
      onOpen: (info) => this.#emit("open", {
        topics: this.#topics,
        lastEventId: info.lastEventId,
        reconnected: info.reconnected
      }),
      onReconnecting: (info) => this.#emit("reconnecting", info),
      onError: (error) => this.#fail(error)
    });
  }
  /** The topics of the stream, in the order first subscribed. */
  get topics() {
    return this.#topics;
  }
  /** `idle` before any topic, `connecting`, `open`, `reconnecting`, or `closed` (by `close()` or an error). */
  get state() {
    return this.#stream.state;
  }
  /** The id of the last event delivered; a later client can resume from it (`options.lastEventId`). */
  get lastEventId() {
    return this.#stream.lastEventId;
  }
  /**
   * Adds topics to the stream: `job/<id>`, `canary/<id>`, `jobs`, `canaries`, `job/*`, `canary/*`,
   * `*`, and with file operations on `file/<path>`, `files`, `file/*`. Calls in the same tick share one connection; a later call reconnects once with every
   * topic, resuming after the last event delivered, so nothing is lost.
   */
  subscribe(topics) {
    const added = (typeof topics === "string" ? [topics] : topics).filter((topic) => !this.#topics.includes(topic));
    for (const topic of added) {
      if (typeof topic !== "string" || topic === "")
        throw new TypeError("a topic must be a non-empty string");
    }
    if (added.length > 0) {
      this.#topics = [...this.#topics, ...new Set(added)];
      this.#topicsChanged = true;
    }
    this.#scheduleConnect();
    return this;
  }
  /** Removes topics; the stream reconnects without them (or closes when none is left). */
  unsubscribe(topics) {
    const removed = new Set(typeof topics === "string" ? [topics] : topics);
    const kept = this.#topics.filter((topic) => !removed.has(topic));
    if (kept.length !== this.#topics.length) {
      this.#topics = kept;
      this.#topicsChanged = true;
      this.#scheduleConnect();
    }
    return this;
  }
  /**
   * Calls `handler` for each event of that SSE name: a lifecycle type (`completed`, `metric`, …),
   * `job`/`canary` (events on the `jobs`/`canaries` topics), `*` (every event), a notice
   * (`retention`, `reset`) or a connection event (`open`, `reconnecting`, `error`).
   */
  on(name, handler) {
    let handlers = this.#handlers.get(name);
    if (handlers === void 0) {
      handlers = /* @__PURE__ */ new Set();
      this.#handlers.set(name, handlers);
    }
    handlers.add(handler);
    return this;
  }
  /** Removes a handler added with `on`. */
  off(name, handler) {
    this.#handlers.get(name)?.delete(handler);
    return this;
  }
  /** Drops the current connection and reconnects at once, resuming after the last event delivered. */
  reconnect() {
    if (this.#topics.length > 0)
      this.#stream.restart();
    return this;
  }
  /** Closes the stream and forgets its topics; handlers stay, and a later `subscribe` resumes. */
  close() {
    this.#topics = [];
    this.#topicsChanged = false;
    this.#stream.close();
  }
  #streamUrl() {
    const query = new URLSearchParams(this.#topics.map((topic) => ["topic", topic]));
    return `${this.baseUrl}/sse?${query.toString()}`;
  }
  // Batches the subscribe calls of one tick into one connection.
  #scheduleConnect() {
    if (this.#connectScheduled)
      return;
    this.#connectScheduled = true;
    queueMicrotask(() => {
      this.#connectScheduled = false;
      const changed = this.#topicsChanged;
      this.#topicsChanged = false;
      if (this.#topics.length === 0) {
        if (changed)
          this.#stream.close();
        return;
      }
      const active = this.#stream.state !== "idle" && this.#stream.state !== "closed";
      if (changed && active)
        this.#stream.restart();
      else
        this.#stream.start();
    });
  }
  #dispatch(message) {
    const parsed = parseJson(message.data);
    if (message.id === void 0) {
      const data = isRecord(parsed) ? parsed : { message: message.data };
      const notice = {
        name: message.event,
        data,
        message: typeof data.message === "string" ? data.message : void 0
      };
      if (message.event === "reset") {
        this.#stream.lastEventId = typeof data.latestId === "number" ? data.latestId : void 0;
      }
      this.#emit(message.event, notice);
      return;
    }
    if (!isRecord(parsed))
      return;
    const id = typeof parsed.id === "number" ? parsed.id : parseEventId(message.id);
    const event = {
      type: typeof parsed.type === "string" ? parsed.type : message.event,
      name: message.event,
      topic: typeof parsed.topic === "string" ? parsed.topic : "",
      data: isRecord(parsed.data) ? parsed.data : {},
      narrative: typeof parsed.narrative === "string" ? parsed.narrative : "",
      id: id ?? 0,
      ts: typeof parsed.ts === "string" ? parsed.ts : ""
    };
    this.#emit(message.event, event);
    if (message.event !== "*")
      this.#emit("*", event);
  }
  #fail(error) {
    if ((this.#handlers.get("error")?.size ?? 0) === 0)
      reportHandlerError(error);
    else
      this.#emit("error", error);
  }
  #emit(name, event) {
    const handlers = this.#handlers.get(name);
    if (handlers === void 0)
      return;
    for (const handler of [...handlers]) {
      try {
        handler(event);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }
};
export {
  CockpitClientError,
  CockpitTools,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_RECONNECT_OPTIONS,
  EventStream,
  LukhasMCPCockpit,
  createSseParser,
  isCockpitClientError,
  readEventStream,
  reconnectDelay,
  systemTimers
};
