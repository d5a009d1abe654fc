/**
 * The tasks extension (SEP-2663) on a real server, 2026-07-28: `run_eval` and `start_canary`
 * called by a client that declares `io.modelcontextprotocol/tasks` answer a task handle; `tasks/get`
 * reports progress and then the result; `tasks/cancel` cancels the job or aborts the canary;
 * `tasks/update` is acknowledged. The task-creating `tools/call` is sent raw: the official v2 client
 * refuses `resultType: "task"` in its result decoder (the ext-tasks adapter needs a raw dispatch for
 * the same reason), so the test checks that too; `tasks/get` and `tasks/cancel` go through the v2
 * client's `request()`. Bad input: unknown ids, bad params, a client without the extension, a
 * read-only key.
 */
import { waitFor } from '@lukhas/test-kit';
import {
  Client as V2Client,
  StreamableHTTPClientTransport as V2Transport,
} from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { type ModernAnswer, postModern, TASKS_EXTENSION } from './modern-request.ts';

const OPS_KEY = 'tasks-ops-key';
const READ_KEY = 'tasks-read-key';
const asOperator = { headers: { Authorization: `Bearer ${OPS_KEY}` } };
const withTasks = { ...asOperator, capabilities: { extensions: { [TASKS_EXTENSION]: {} } } };

const TaskSchema = z.looseObject({
  taskId: z.string(),
  status: z.enum(['working', 'input_required', 'completed', 'failed', 'cancelled']),
  statusMessage: z.string().optional(),
  createdAt: z.string(),
  lastUpdatedAt: z.string(),
  ttlMs: z.number().nullable(),
  pollIntervalMs: z.number().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});
type Task = z.infer<typeof TaskSchema>;

/** The text of a tool result's first content item. */
function textOf(result: Record<string, unknown> | undefined): string {
  const content = (result?.content ?? []) as { text?: string }[];
  return String(content[0]?.text);
}

function taskHandle(answer: ModernAnswer): Task {
  expect(answer.error).toBeUndefined();
  expect(answer.result?.resultType).toBe('task');
  return TaskSchema.parse(answer.result);
}

describe('tasks (2026-07-28, io.modelcontextprotocol/tasks)', () => {
  let server: McpTestServer;
  let client: V2Client;

  const getTask = (taskId: string) =>
    client.request({ method: 'tasks/get', params: { taskId } } as never, TaskSchema) as Promise<Task>;
  /** Calls `name` as a task, as the operator; answers its handle. */
  const startTask = async (name: string, args: Record<string, unknown>) =>
    taskHandle(await postModern(server.url, 'tools/call', { name, arguments: args }, withTasks));
  const cancelTask = (taskId: string) =>
    client.request({ method: 'tasks/cancel', params: { taskId } } as never, z.looseObject({}));
  const untilTask = (taskId: string, accept: (task: Task) => boolean, message: string) =>
    waitFor(
      async () => {
        const task = await getTask(taskId);
        return accept(task) ? task : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 50, message },
    );

  beforeAll(async () => {
    server = await startMcpTestServer({
      env: { LUKHAS_MCP_API_KEYS: `${OPS_KEY},${READ_KEY}:read` },
      // Ten steps of 120 ms: long enough to watch the progress and to cancel mid-way.
      demo: { steps: 10, stepMs: 120 },
    });
    client = new V2Client(
      { name: 'cockpit-tasks-tests', version: '1.0.0' },
      {
        versionNegotiation: { mode: { pin: '2026-07-28' } },
        capabilities: { extensions: { [TASKS_EXTENSION]: {} } },
      },
    );
    await client.connect(
      new V2Transport(new URL(server.url), {
        requestInit: { headers: { Authorization: `Bearer ${OPS_KEY}` } },
      }),
    );
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('declares the extension in server/discover', () => {
    expect(client.getServerCapabilities()?.extensions).toEqual({ [TASKS_EXTENSION]: {} });
  });

  it('runs run_eval as a task: a handle at once, progress while it runs, the finished job at the end', async () => {
    const handle = await startTask('run_eval', { taskId: 'task-eval', wait: true });
    expect(handle).toMatchObject({ status: 'working', ttlMs: null, pollIntervalMs: 1000 });
    expect(handle.taskId).toMatch(/^job_/);
    // The call ran as the caller: the job is audited to the key, like any run_eval.
    expect((await server.cockpit.store.getJob(handle.taskId))?.operator).toMatch(/^key:[0-9a-f]{8}$/);
    const progressing = await untilTask(
      handle.taskId,
      (task) => task.status === 'working' && /^\d+%/.test(task.statusMessage ?? ''),
      'a progress report in the status message',
    );
    expect(progressing.result).toBeUndefined();
    const done = await untilTask(handle.taskId, (task) => task.status !== 'working', 'the eval task to end');
    expect(done.status).toBe('completed');
    expect(done.result?.isError).toBeUndefined();
    expect(done.result).toMatchObject({
      structuredContent: { jobId: handle.taskId, status: 'completed', progress: 1, taskId: 'task-eval' },
    });
    expect(JSON.parse(textOf(done.result))).toMatchObject({
      jobId: handle.taskId,
      status: 'completed',
    });
  });

  it('tasks/cancel on a run_eval task cancels the job', async () => {
    const handle = await startTask('run_eval', { taskId: 'task-cancelled' });
    const ack = await cancelTask(handle.taskId);
    // An empty acknowledgement (the SDK stamps the server's identity in _meta).
    expect(Object.keys(ack)).toEqual(['_meta']);
    const cancelled = await untilTask(
      handle.taskId,
      (task) => task.status !== 'working',
      'the job to be cancelled',
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusMessage: expect.stringContaining('tasks/cancel'),
    });
    expect(await server.cockpit.store.getJob(handle.taskId)).toMatchObject({ status: 'cancelled' });
    // Cancelling an ended task is acknowledged and changes nothing.
    const again = await cancelTask(handle.taskId);
    expect(Object.keys(again)).toEqual(['_meta']);
    expect((await getTask(handle.taskId)).status).toBe('cancelled');
  });

  it('runs start_canary as a task: working while it samples, cancelled by tasks/cancel (an abort)', async () => {
    const handle = await startTask('start_canary', {
      modelId: 'task-model',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 60,
      intervalSeconds: 0.5,
      targets: { latency_p95_ms: 500 },
    });
    expect(handle.taskId).toMatch(/^canary_/);
    expect(handle).toMatchObject({ status: 'working', pollIntervalMs: 1000 });
    await untilTask(
      handle.taskId,
      (task) => /^[1-9]\d* samples so far/.test(task.statusMessage ?? ''),
      'a sample',
    );
    await cancelTask(handle.taskId);
    const cancelled = await untilTask(
      handle.taskId,
      (task) => task.status !== 'working',
      'the canary to be aborted',
    );
    expect(cancelled.status).toBe('cancelled');
    expect(await server.cockpit.store.getCanary(handle.taskId)).toMatchObject({
      status: 'rolled_back',
      decision: { rule: 'abort', reason: 'cancelled through tasks/cancel' },
      operator: expect.any(String),
    });
  });

  it('a start_canary task completes with the decided canary as its result', async () => {
    const handle = await startTask('start_canary', {
      modelId: 'task-model-promoted',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 2,
      intervalSeconds: 0.5,
      minSamples: 3,
      targets: { latency_p95_ms: 500 },
    });
    const done = await untilTask(
      handle.taskId,
      (task) => task.status !== 'working',
      'the canary to be decided',
    );
    expect(done).toMatchObject({
      status: 'completed',
      statusMessage: expect.stringMatching(/^promoted \(window_elapsed: /),
      result: { structuredContent: { canaryId: handle.taskId, status: 'promoted' } },
    });
  });

  it('the official v2 client refuses a task result in callTool (why the task call above is sent raw)', async () => {
    await expect(
      client.callTool({ name: 'run_eval', arguments: { taskId: 'task-refused' } }),
    ).rejects.toThrow(/Unsupported result type 'task'/);
  });

  it('answers a client that did not declare the extension as before, and refuses it tasks/* with -32021', async () => {
    const plain = await postModern(
      server.url,
      'tools/call',
      { name: 'run_eval', arguments: { taskId: 'plain' } },
      asOperator,
    );
    expect(plain.result).toMatchObject({ resultType: 'complete', structuredContent: { status: 'queued' } });
    const jobId = String((plain.result?.structuredContent as { jobId?: string } | undefined)?.jobId);
    const refused = await postModern(server.url, 'tasks/get', { taskId: jobId }, asOperator);
    expect(refused.error).toMatchObject({
      code: -32021,
      message: expect.stringContaining(`declare the ${TASKS_EXTENSION} extension`),
      data: { requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } } },
    });
    // The other tools never become tasks.
    const read = await postModern(
      server.url,
      'tools/call',
      { name: 'get_job', arguments: { jobId } },
      withTasks,
    );
    expect(read.result).toMatchObject({ resultType: 'complete', structuredContent: { jobId } });
  });

  it('answers unknown tasks, bad params and refused calls with clear errors', async () => {
    const unknown = await postModern(server.url, 'tasks/get', { taskId: 'job_nope' }, withTasks);
    expect(unknown.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('no task "job_nope"'),
    });
    expect(
      (await postModern(server.url, 'tasks/cancel', { taskId: 'canary_nope' }, withTasks)).error,
    ).toMatchObject({
      code: -32602,
      message: expect.stringContaining('[TASK_NOT_FOUND]'),
    });
    expect((await postModern(server.url, 'tasks/get', { taskId: 42 }, withTasks)).error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('taskId must be a string'),
    });
    expect((await postModern(server.url, 'tasks/get', {}, withTasks)).error).toMatchObject({ code: -32602 });
    // A task call with bad arguments is refused as the tool refuses it, and no task is made.
    const bad = await postModern(
      server.url,
      'tools/call',
      { name: 'run_eval', arguments: { taskID: 'x' } },
      withTasks,
    );
    expect(bad.result).toMatchObject({ resultType: 'complete', isError: true });
    expect(textOf(bad.result)).toContain('Invalid arguments for tool run_eval');
    expect(server.errors).toEqual([]);
  });

  it('tasks/update is acknowledged for a known task (the cockpit never asks for input)', async () => {
    const handle = await startTask('run_eval', { taskId: 'task-update' });
    const ack = await postModern(
      server.url,
      'tasks/update',
      { taskId: handle.taskId, inputResponses: { never: {} } },
      withTasks,
    );
    expect(ack.result).toEqual({ resultType: 'complete', _meta: expect.any(Object) });
    expect(
      (await postModern(server.url, 'tasks/update', { taskId: 'nope', inputResponses: {} }, withTasks)).error,
    ).toMatchObject({
      code: -32602,
    });
  });

  it('a read-only key may poll a task but not start or cancel one', async () => {
    const readOnly = {
      headers: { Authorization: `Bearer ${READ_KEY}` },
      capabilities: withTasks.capabilities,
    };
    const refused = await postModern(
      server.url,
      'tools/call',
      { name: 'run_eval', arguments: { taskId: 'x' } },
      readOnly,
    );
    expect(refused.result).toMatchObject({ isError: true });
    expect(textOf(refused.result)).toContain('run_eval needs the operate scope');
    const handle = await startTask('run_eval', { taskId: 'read-only-poll' });
    expect(
      (await postModern(server.url, 'tasks/get', { taskId: handle.taskId }, readOnly)).result,
    ).toMatchObject({
      taskId: handle.taskId,
    });
    expect(
      (await postModern(server.url, 'tasks/cancel', { taskId: handle.taskId }, readOnly)).error,
    ).toMatchObject({
      code: -32600,
      message: 'tasks/cancel needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]',
    });
  });
});
