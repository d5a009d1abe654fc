/**
 * The client SDK (`@lukhas/mcp-cockpit-client`, its built dist) against the REAL cockpit server
 * (`src/main.ts`, demo task mode, a temporary SQLite file): an eval's queued → running → progress →
 * completed arrive through `on` with narrative lines; a stream cut mid-job loses and repeats
 * nothing; tools, tool errors and a bad key behave as typed. It lives here, not in packages/client:
 * a package's tests do not start an app.
 */
import {
  type CockpitClientError,
  type CockpitEvent,
  type FetchLike,
  isCockpitClientError,
  LukhasMCPCockpit,
} from '@lukhas/mcp-cockpit-client';
import { waitFor } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RealCockpit, startRealCockpit } from './real-cockpit.ts';

const API_KEY = 'test-key';
const NARRATIVE_LINE = /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\] .+ → .+$/;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

let server: RealCockpit | undefined;
let baseUrl: string;

/** Waits for `condition`, naming `what` and the server's output when it never holds. */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(condition, {
    timeoutMs,
    message: () => `${what}\nserver output:\n${server?.output() ?? ''}`,
  });
}

beforeAll(async () => {
  server = await startRealCockpit(API_KEY);
  baseUrl = server.baseUrl;
}, 90_000);

afterAll(async () => {
  await server?.close();
});

/** The events of one job, in arrival order. */
function eventsOfJob(cockpit: LukhasMCPCockpit) {
  const events: CockpitEvent[] = [];
  cockpit.on('*', (event) => events.push(event));
  return (jobId: string) => events.filter((event) => event.topic === `job/${jobId}`);
}

function expectLifecycle(events: readonly CockpitEvent[]) {
  const types = events.map((event) => event.type);
  expect(types[0]).toBe('queued');
  expect(types[1]).toBe('running');
  expect(types.at(-1)).toBe('completed');
  expect(types.slice(2, -1).every((type) => type === 'progress')).toBe(true);
  expect(types.filter((type) => type === 'progress').length).toBeGreaterThanOrEqual(1);
  const ids = events.map((event) => event.id);
  expect(ids).toEqual([...ids].sort((left, right) => left - right));
  expect(new Set(ids).size).toBe(ids.length);
  for (const event of events) expect(event.narrative).toMatch(NARRATIVE_LINE);
}

describe('against the real cockpit server', () => {
  it('runEval: queued → running → progress → completed arrive through on(), with narrative lines', async () => {
    const cockpit = new LukhasMCPCockpit(baseUrl, API_KEY);
    try {
      const ofJob = eventsOfJob(cockpit);
      const completed: CockpitEvent[] = [];
      const progress: number[] = [];
      cockpit.on('completed', (event) => completed.push(event));
      cockpit.on('progress', (event) => progress.push(event.data.progress ?? -1));
      let opened = false;
      cockpit.on('open', () => {
        opened = true;
      });
      cockpit.subscribe('job/*');
      await until(() => opened, 'the stream to open');

      const job = await cockpit.runEval({ taskId: 'client-integration' });
      expect(job).toMatchObject({ taskId: 'client-integration', status: 'queued' });
      await until(() => completed.some((event) => event.data.jobId === job.jobId), 'the completed event');
      const events = ofJob(job.jobId);
      expectLifecycle(events);
      expect(progress.at(-1)).toBe(1);
      expect(events[0]?.narrative).toContain('eval "client-integration"');
      expect(completed.at(-1)?.narrative).toContain('completed');

      const ended = await cockpit.getJob({ jobId: job.jobId });
      expect(ended.status).toBe('completed');
      const story = await cockpit.why({ id: job.jobId });
      expect(story.id).toBe(job.jobId);
      expect(story.lines.length).toBeGreaterThanOrEqual(3);
      for (const line of story.lines) expect(line).toMatch(NARRATIVE_LINE);
      // The id alone is the obvious shape too, for every one-id helper.
      expect(await cockpit.why(job.jobId)).toEqual(story);
      expect((await cockpit.getJob(job.jobId)).status).toBe('completed');
      const { jobs } = await cockpit.listJobs({ limit: 5 });
      expect(jobs.map((listed) => listed.jobId)).toContain(job.jobId);
    } finally {
      cockpit.close();
    }
  }, 60_000);

  it('a stream cut mid-job loses nothing and repeats nothing: the events published during the drop are replayed', async () => {
    // The test hook: a fetch whose /sse connections the test can abort, as a network drop would.
    const cuts: AbortController[] = [];
    const lastEventIds: (string | undefined)[] = [];
    const cuttableFetch: FetchLike = (url, init) => {
      if (!url.includes('/sse')) return fetch(url, init);
      const cut = new AbortController();
      cuts.push(cut);
      lastEventIds.push((init.headers as Record<string, string>)['Last-Event-ID']);
      const signal = init.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
      return fetch(url, { ...init, signal });
    };
    const cockpit = new LukhasMCPCockpit(baseUrl, API_KEY, { fetch: cuttableFetch });
    try {
      const ofJob = eventsOfJob(cockpit);
      const opens: boolean[] = [];
      const reconnects: number[] = [];
      cockpit.on('open', (event) => opens.push(event.reconnected));
      cockpit.on('reconnecting', (event) => reconnects.push(event.delayMs));
      cockpit.subscribe(['jobs', 'job/*']);
      await until(() => opens.length === 1, 'the stream to open');

      const job = await cockpit.runEval({ taskId: 'client-integration-drop' });
      await until(
        () => ofJob(job.jobId).some((event) => event.type === 'progress'),
        'the first progress event',
      );
      const deliveredBeforeCut = ofJob(job.jobId).length;
      const cutAt = Date.now();
      cuts.at(-1)?.abort(new Error('forced disconnect'));
      await until(() => opens.length === 2, 'the reconnection');
      const reopenedAt = Date.now();
      await until(() => ofJob(job.jobId).some((event) => event.type === 'completed'), 'the completed event');
      await sleep(300);

      const events = ofJob(job.jobId);
      expectLifecycle(events);
      // The job went on while the client was away: those events came from the replay.
      const duringDrop = events.filter((event) => {
        const at = Date.parse(event.ts);
        return at >= cutAt - 5 && at <= reopenedAt;
      });
      expect(duringDrop.length).toBeGreaterThanOrEqual(1);
      expect(events.length).toBeGreaterThan(deliveredBeforeCut);
      expect(reconnects).toHaveLength(1);
      expect(reconnects[0]).toBeGreaterThanOrEqual(2000); // the server's retry: 2000 is the floor
      expect(lastEventIds[0]).toBeUndefined();
      expect(Number(lastEventIds[1])).toBe(events[deliveredBeforeCut - 1]?.id);

      // The server's own record agrees with what arrived.
      const server = await cockpit.getJob({ jobId: job.jobId });
      expect(server.status).toBe('completed');
    } finally {
      cockpit.close();
    }
  }, 60_000);

  it('canary helpers: start, abort (rolled_back arrives), why_math names the rule', async () => {
    const cockpit = new LukhasMCPCockpit(baseUrl, API_KEY);
    try {
      const names: string[] = [];
      cockpit.on('canary', (event) => names.push(`${event.name}:${event.type}`));
      let opened = false;
      cockpit.on('open', () => {
        opened = true;
      });
      cockpit.subscribe('canaries');
      await until(() => opened, 'the stream to open');
      const canary = await cockpit.startCanary({
        modelId: 'client-sdk-model',
        fromGate: 'stage',
        toGate: 'production',
        sloPolicy: { latency_p95_ms: 800, error_rate: 0.01 },
      });
      expect(canary).toMatchObject({ modelId: 'client-sdk-model', status: 'running' });
      const aborted = await cockpit.abortCanary({ canaryId: canary.canaryId, reason: 'manual override' });
      expect(aborted.status).toBe('rolled_back');
      await until(() => names.includes('canary:rolled_back'), 'the rolled_back event');
      expect(names[0]).toBe('canary:started');
      const math = await cockpit.whyMath({ id: canary.canaryId });
      expect(math).toMatchObject({ canaryId: canary.canaryId, rule: 'abort', decided: true });
      const fetched = await cockpit.getCanary({ canaryId: canary.canaryId });
      expect(Array.isArray(fetched.samples)).toBe(true);
      const { canaries } = await cockpit.listCanaries({ modelId: 'client-sdk-model' });
      expect(canaries.map((listed) => listed.canaryId)).toContain(canary.canaryId);

      const again = await cockpit.abortCanary({ canaryId: canary.canaryId }).catch((error: unknown) => error);
      expect(isCockpitClientError(again, 'TOOL_ERROR')).toBe(true);
      expect((again as CockpitClientError).toolCode).toBe('CANARY_ALREADY_DECIDED');
    } finally {
      cockpit.close();
    }
  }, 60_000);

  it('tool errors and a bad key come back typed; the stream stops on 401 without retrying', async () => {
    const cockpit = new LukhasMCPCockpit(baseUrl, API_KEY);
    const missing = await cockpit.getJob({ jobId: 'job_missing' }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 'TOOL_ERROR', toolCode: 'JOB_NOT_FOUND', tool: 'get_job' });
    // A wrong argument comes back as one line naming it, not a schema dump.
    const untyped = await cockpit.callTool('why', { id: 5 }).catch((error: unknown) => error);
    expect(untyped).toMatchObject({ code: 'TOOL_ERROR', tool: 'why' });
    expect((untyped as Error).message).toMatch(/^[^\n]*\bid: expected id to be a string[^\n]*$/);
    const notAnObject = await cockpit
      .callTool('why', 7 as unknown as object)
      .catch((error: unknown) => error);
    expect(notAnObject).toMatchObject({ code: 'INVALID_ARGUMENTS', tool: 'why' });
    expect((notAnObject as Error).message).toBe(
      'why: expected the arguments as one object such as {"id": "…"}, got a number',
    );

    let sseRequests = 0;
    const countingFetch: FetchLike = (url, init) => {
      if (url.includes('/sse')) sseRequests += 1;
      return fetch(url, init);
    };
    const intruder = new LukhasMCPCockpit(baseUrl, 'wrong-key', { fetch: countingFetch });
    const errors: CockpitClientError[] = [];
    intruder.on('error', (error) => errors.push(error));
    intruder.subscribe('*');
    await until(() => errors.length === 1, 'the error event');
    expect(errors[0]).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    await sleep(1500);
    expect(sseRequests).toBe(1);
    expect(intruder.state).toBe('closed');
    const refused = await intruder.listJobs().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  }, 30_000);
});
