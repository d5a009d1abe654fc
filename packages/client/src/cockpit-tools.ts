/**
 * `CockpitTools`: typed helpers for the cockpit's MCP tools, each a JSON-RPC `tools/call` on
 * `POST {baseUrl}/mcp`. `LukhasMCPCockpit` extends it with the live event stream; used alone, it
 * opens no stream.
 */
import type { FetchLike } from './event-stream.js';
import type * as Tools from './generated-tool-types.js';
import { isRecord } from './http-error.js';
import {
  callMcpTool,
  firstText,
  type McpRequestOptions,
  mcpNotify,
  mcpRequest,
  structuredResult,
  type ToolCallContext,
} from './mcp-tool-call.js';

/**
 * The arguments of a tool that takes one id: an id given alone (`why('job_…')`) becomes `{[key]: id}`,
 * the obvious reading; an object passes through for the server to check.
 */
function idArguments<Key extends string, Args extends Record<Key, string>>(
  args: Args | string,
  key: Key,
): Args {
  return (typeof args === 'string' ? { [key]: args } : args) as Args;
}

/** Options of every tool call. */
export interface ToolCallOptions {
  /** Aborts the HTTP request; the call rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
}

/** Options shared by every request. */
export interface CockpitToolsOptions {
  /** `fetch` to use (default: the global one). */
  readonly fetch?: FetchLike;
  /** Extra headers for every request (e.g. `Authorization`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The cockpit's tools, typed.
 *
 * @example
 * const tools = new CockpitTools('http://localhost:8766', 'api-key');
 * const { lines } = await tools.why({ id: 'canary_7fh2m9qz0c4d' });
 */
export class CockpitTools {
  /** The server's base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** The `fetch` every request goes through. */
  protected readonly fetchFunction: FetchLike;
  readonly #apiKey: string | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  #requestId = 0;

  constructor(baseUrl: string, apiKey?: string, options: CockpitToolsOptions = {}) {
    const url = new URL(baseUrl); // Throws a TypeError for a malformed base URL, at once.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`expected an http(s) base URL, got ${JSON.stringify(baseUrl)}`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#apiKey = apiKey === '' ? undefined : apiKey;
    this.#headers = options.headers ?? {};
    // Called through globalThis: browsers refuse a `fetch` detached from `window`.
    this.fetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Calls any tool by name and returns its structured result. */
  async callTool<Result = unknown>(name: string, args: object = {}, options: McpRequestOptions = {}) {
    const result = await callMcpTool(this.#toolContext(), name, args, options);
    return structuredResult(name, result) as Result;
  }

  /**
   * Sends any MCP JSON-RPC request (`initialize`, `tools/list`, `ping`, …) in one POST and returns
   * its `result`; a JSON-RPC error rejects with `RPC_ERROR`.
   *
   * @example
   * const { tools } = await cockpit.request<{ tools: { name: string }[] }>('tools/list');
   */
  async request<Result = unknown>(method: string, params?: object, options: McpRequestOptions = {}) {
    return (await mcpRequest(this.#toolContext(), method, params, options)) as Result;
  }

  /** Sends an MCP JSON-RPC notification (e.g. `notifications/initialized`); resolves once accepted. */
  notify(method: string, params?: object, options: McpRequestOptions = {}): Promise<void> {
    return mcpNotify(this.#toolContext(), method, params, options);
  }

  /** `search`: documents of the server's repository matching a query. */
  search(args: Tools.SearchArguments, options?: ToolCallOptions): Promise<Tools.SearchResult> {
    return this.callTool('search', args, options);
  }

  /** `fetch`: one document by the id `search` returned. */
  fetchDocument(
    args: Tools.FetchDocumentArguments,
    options?: ToolCallOptions,
  ): Promise<Tools.FetchedDocument> {
    return this.callTool('fetch', args, options);
  }

  /** `run_eval`: queues an evaluation job (`status: "queued"`); with `wait: true`, the ended job. */
  runEval(args: Tools.RunEvalArguments, options?: ToolCallOptions): Promise<Tools.RunEvalResult> {
    return this.callTool('run_eval', args, options);
  }

  /** `get_job`: one job's current state; `getJob('job_…')` is `getJob({jobId: 'job_…'})`. */
  getJob(args: Tools.GetJobArguments | string, options?: ToolCallOptions): Promise<Tools.JobRecord> {
    return this.callTool('get_job', idArguments(args, 'jobId'), options);
  }

  /** `list_jobs`: recent jobs, newest first. */
  listJobs(args: Tools.ListJobsArguments = {}, options?: ToolCallOptions): Promise<Tools.ListJobsResult> {
    return this.callTool('list_jobs', args, options);
  }

  /** `cancel_job`: cancels a queued or running job. */
  cancelJob(args: Tools.CancelJobArguments, options?: ToolCallOptions): Promise<Tools.JobRecord> {
    return this.callTool('cancel_job', args, options);
  }

  /** `start_canary`: starts an SLO-guarded promotion (`status: "running"`). */
  startCanary(args: Tools.StartCanaryArguments, options?: ToolCallOptions): Promise<Tools.CanaryRecord> {
    return this.callTool('start_canary', args, options);
  }

  /** `get_canary`: one canary with every SLO sample so far; takes `{canaryId}` or the id itself. */
  getCanary(
    args: Tools.GetCanaryArguments | string,
    options?: ToolCallOptions,
  ): Promise<Tools.CanaryWithSamples> {
    return this.callTool('get_canary', idArguments(args, 'canaryId'), options);
  }

  /** `list_canaries`: recent canaries, newest first. */
  listCanaries(
    args: Tools.ListCanariesArguments = {},
    options?: ToolCallOptions,
  ): Promise<Tools.ListCanariesResult> {
    return this.callTool('list_canaries', args, options);
  }

  /** `abort_canary`: rolls a running canary back at once. */
  abortCanary(args: Tools.AbortCanaryArguments, options?: ToolCallOptions): Promise<Tools.CanaryRecord> {
    return this.callTool('abort_canary', args, options);
  }

  /** `promote_canary`: resumes a canary paused at a `pause: {}` step; `full: true` promotes it at once. */
  promoteCanary(args: Tools.PromoteCanaryArguments, options?: ToolCallOptions): Promise<Tools.CanaryRecord> {
    return this.callTool('promote_canary', args, options);
  }

  /** `why`: the narrative lines of a job, canary or model, oldest first; `why(id)` is `why({id})`. */
  async why(args: Tools.WhyArguments | string, options: ToolCallOptions = {}): Promise<Tools.WhyResult> {
    const whyArgs = idArguments(args, 'id');
    const result = await callMcpTool(this.#toolContext(), 'why', whyArgs, options);
    if (isRecord(result.structuredContent)) return result.structuredContent as unknown as Tools.WhyResult;
    // `why` answers its lines as text; a server without structuredContent still gives them.
    const text = firstText(result) ?? '';
    return { id: whyArgs.id, lines: text === '' ? [] : text.split('\n') };
  }

  /** `why_math`: the thresholds, samples and rule behind a canary decision; takes `{id}` or the id. */
  whyMath(args: Tools.WhyMathArguments | string, options?: ToolCallOptions): Promise<Tools.WhyMathResult> {
    return this.callTool('why_math', idArguments(args, 'id'), options);
  }

  /** `list_files` (file operations on, LUKHAS_FILE_OPS=1): files under a folder, with their sha256. */
  listFiles(args: Tools.ListFilesArguments = {}, options?: ToolCallOptions): Promise<Tools.ListFilesResult> {
    return this.callTool('list_files', args, options);
  }

  /** `read_file` (file operations on): a file's text, or some of its lines, and its sha256. */
  readFile(args: Tools.ReadFileArguments, options?: ToolCallOptions): Promise<Tools.ReadFileResult> {
    return this.callTool('read_file', args, options);
  }

  /** `write_file` (file operations on, operate scope): creates or replaces a file; pass `expectedSha256`. */
  writeFile(args: Tools.WriteFileArguments, options?: ToolCallOptions): Promise<Tools.FileChangeResult> {
    return this.callTool('write_file', args, options);
  }

  /** `apply_patch` (file operations on, operate scope): applies a unified diff, every hunk or none. */
  applyPatch(args: Tools.ApplyPatchArguments, options?: ToolCallOptions): Promise<Tools.FileChangeResult> {
    return this.callTool('apply_patch', args, options);
  }

  /** The headers of every request: the extra ones, then the API key. */
  protected requestHeaders(): Record<string, string> {
    return { ...this.#headers, ...(this.#apiKey === undefined ? {} : { 'X-API-Key': this.#apiKey }) };
  }

  #toolContext(): ToolCallContext {
    return {
      endpoint: `${this.baseUrl}/mcp`,
      fetch: this.fetchFunction,
      headers: () => this.requestHeaders(),
      nextId: () => {
        this.#requestId += 1;
        return this.#requestId;
      },
    };
  }
}
