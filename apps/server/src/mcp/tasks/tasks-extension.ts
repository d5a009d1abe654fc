/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) on 2026-07-28 requests. The SDK
 * carries its wire names but no runtime, so this is it:
 *
 * - `run_eval` and `start_canary`, called by a client that declares the extension in the request's
 *   capabilities, answer a task handle (`resultType: "task"`) instead of the job or canary: the
 *   call itself runs as usual (validation, scope, audit) and the handle is the record it created
 *   (`run_eval`'s `wait` is moot: the task is the waiting).
 * - `tasks/get` reads the task from the store (`task-state.ts`): progress in `statusMessage`, the
 *   tool's result once completed.
 * - `tasks/cancel` cancels the job or aborts the canary (the operate scope, audited as the caller);
 *   a task that has already ended is acknowledged and left as it is (cancellation is cooperative).
 * - `tasks/update` is acknowledged for a known task: the cockpit's tasks never ask for input, so
 *   there is never an outstanding request to answer (SEP-2663: unknown keys are ignored).
 *
 * Errors: an unknown task id is -32602; a client that did not declare the extension gets -32021
 * naming it.
 */
import { isCockpitError } from '@lukhas/core';
import {
  type CallToolResult,
  type McpServer,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type ServerContext,
} from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { requireProtocolScope } from '../protocol-access.ts';
import type { McpToolContext } from '../tool-context.ts';
import { type CockpitTask, readTask } from './task-state.ts';

/** The extension's identifier, as declared in capabilities. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** The tools that may answer with a task, and the field of their result that names it. */
const TASK_TOOLS: Readonly<Record<string, 'jobId' | 'canaryId'>> = {
  run_eval: 'jobId',
  start_canary: 'canaryId',
};

const TaskIdParams = v.looseObject({
  taskId: v.pipe(
    v.string('taskId must be a string'),
    v.minLength(1, 'taskId is required'),
    v.maxLength(256, 'a taskId has at most 256 characters'),
  ),
});
const UpdateTaskParams = v.looseObject({
  ...TaskIdParams.entries,
  inputResponses: v.optional(v.record(v.string(), v.unknown()), {}),
});

type ToolsCallHandler = (request: ToolsCallRequest, context: ServerContext) => Promise<CallToolResult>;
interface ToolsCallRequest {
  readonly method: 'tools/call';
  readonly params: { readonly name: string; readonly arguments?: Record<string, unknown> };
}

/**
 * Serves the extension on `server`; call it before the tools are registered (it wraps the
 * `tools/call` handler the SDK installs with the first tool).
 *
 * @example
 * const server = new McpServer(info, options);
 * attachTasksExtension(server, context);
 * for (const tool of COCKPIT_TOOLS) tool.register(server, context);
 */
export function attachTasksExtension(server: McpServer, context: McpToolContext): void {
  const low = server.server;
  low.registerCapabilities({ extensions: { [TASKS_EXTENSION]: {} } });

  // The SDK installs its own tools/call handler when the first tool is registered; ours wraps it,
  // so a task call goes through the very same validation, scope check and handler.
  const setRequestHandler = low.setRequestHandler.bind(low) as (...args: unknown[]) => void;
  (low as { setRequestHandler: unknown }).setRequestHandler = (method: string, ...rest: unknown[]) => {
    const [handler] = rest;
    if (method === 'tools/call' && typeof handler === 'function') {
      return setRequestHandler(method, withTasks(handler as ToolsCallHandler, context));
    }
    return setRequestHandler(method, ...rest);
  };

  setRequestHandler(
    'tasks/get',
    { params: TaskIdParams },
    async (params: { taskId: string }, ctx: ServerContext) => {
      requireTasksCapability(ctx);
      requireProtocolScope(context, 'read', 'tasks/get');
      return { ...(await knownTask(params.taskId, context)) };
    },
  );

  setRequestHandler(
    'tasks/update',
    { params: UpdateTaskParams },
    async (params: { taskId: string }, ctx: ServerContext) => {
      requireTasksCapability(ctx);
      requireProtocolScope(context, 'operate', 'tasks/update');
      await knownTask(params.taskId, context);
      return {};
    },
  );

  setRequestHandler(
    'tasks/cancel',
    { params: TaskIdParams },
    async (params: { taskId: string }, ctx: ServerContext) => {
      requireTasksCapability(ctx);
      requireProtocolScope(context, 'operate', 'tasks/cancel');
      await cancelTask(await knownTask(params.taskId, context), context);
      return {};
    },
  );
}

function withTasks(original: ToolsCallHandler, context: McpToolContext): ToolsCallHandler {
  return async (request, ctx) => {
    const idField = TASK_TOOLS[request.params.name];
    if (idField === undefined || !declaresTasks(ctx)) return original(request, ctx);
    const call =
      request.params.name === 'run_eval' ? { ...request, params: withoutWait(request.params) } : request;
    const result = await original(call, ctx);
    const id = (result.structuredContent as Record<string, unknown> | undefined)?.[idField];
    // A refused call (bad arguments, missing scope, a business failure) answers as it always does.
    if (result.isError === true || typeof id !== 'string') return result;
    const task = await readTask(id, context.cockpit.store);
    if (task === undefined) return result;
    const { result: _final, ...handle } = task;
    return { resultType: 'task', ...handle } as unknown as CallToolResult;
  };
}

function withoutWait(params: ToolsCallRequest['params']): ToolsCallRequest['params'] {
  if (params.arguments === undefined) return params;
  const { wait: _wait, ...rest } = params.arguments;
  return { ...params, arguments: rest };
}

async function knownTask(taskId: string, context: McpToolContext): Promise<CockpitTask> {
  const task = await readTask(taskId, context.cockpit.store);
  if (task !== undefined) return task;
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Failed to retrieve task: no task ${JSON.stringify(taskId)}; a task id is the jobId or canaryId its run_eval or start_canary answered [TASK_NOT_FOUND]`,
  );
}

async function cancelTask(task: CockpitTask, context: McpToolContext): Promise<void> {
  if (task.status !== 'working') return;
  const reason = 'cancelled through tasks/cancel';
  try {
    const isJob = (await context.cockpit.store.getJob(task.taskId)) !== undefined;
    if (isJob) await context.cockpit.jobs.cancel(task.taskId, { operator: context.operator, reason });
    else await context.cockpit.canaries.abort(task.taskId, { operator: context.operator, reason });
  } catch (error) {
    // It ended between the read and the cancel: the ack stands, the task shows how it ended.
    if (isCockpitError(error)) return;
    throw error;
  }
}

// The client declares the extension per request, in the envelope's client capabilities.
function declaresTasks(ctx: ServerContext): boolean {
  const request = ctx.mcpReq as { envelope?: unknown; _meta?: unknown };
  const capabilities =
    field(request.envelope, 'clientCapabilities') ??
    field(request._meta, 'io.modelcontextprotocol/clientCapabilities') ??
    field(request.envelope, 'io.modelcontextprotocol/clientCapabilities');
  return field(field(capabilities, 'extensions'), TASKS_EXTENSION) !== undefined;
}

function requireTasksCapability(ctx: ServerContext): void {
  if (declaresTasks(ctx)) return;
  throw new MissingRequiredClientCapabilityError(
    { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    `Missing required client capability: declare the ${TASKS_EXTENSION} extension in the request's clientCapabilities to use tasks`,
  );
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
