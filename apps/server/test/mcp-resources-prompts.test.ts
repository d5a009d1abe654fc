/**
 * Resources, prompts and completion over a real server, with the official SDK clients (v1 on
 * 2025-11-25, v2 on 2025-11-25 and on 2026-07-28): the three templates, reading a job, a canary
 * (record + math) and narratives, the prompts with their embedded resources, completion of ids
 * from the store, and every bad input answered with a clear JSON-RPC error.
 */

import { waitFor } from '@lukhas/test-kit';
import {
  Client as V2Client,
  StreamableHTTPClientTransport as V2Transport,
} from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { structuredOf as structured } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const CLIENT_INFO = { name: 'cockpit-surface-tests', version: '1.0.0' };

/** What the tests ask of either SDK client (both spell these methods the same way). */
interface SurfaceClient {
  listResourceTemplates(): Promise<{
    resourceTemplates: { name: string; uriTemplate: string; mimeType?: string }[];
  }>;
  listResources(): Promise<{ resources: { uri: string; name: string }[] }>;
  readResource(params: {
    uri: string;
  }): Promise<{ contents: { uri: string; mimeType?: string; text?: unknown }[] }>;
  listPrompts(): Promise<{ prompts: { name: string; arguments?: { name: string; required?: boolean }[] }[] }>;
  getPrompt(params: { name: string; arguments?: Record<string, string> }): Promise<{
    messages: {
      role: string;
      content: { type: string; text?: string; resource?: { uri: string; text?: unknown } };
    }[];
  }>;
  complete(params: {
    ref: { type: 'ref/prompt'; name: string } | { type: 'ref/resource'; uri: string };
    argument: { name: string; value: string };
  }): Promise<{ completion: { values: string[] } }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

interface SurfaceKind {
  readonly label: string;
  connect(url: string): Promise<SurfaceClient>;
}

const V1_2025: SurfaceKind = {
  label: 'v1 @modelcontextprotocol/sdk, 2025-11-25',
  async connect(url) {
    const client = new V1Client(CLIENT_INFO);
    await client.connect(new V1Transport(new URL(url)));
    return client as unknown as SurfaceClient;
  },
};

const V2_2026: SurfaceKind = {
  label: 'v2 @modelcontextprotocol/client, 2026-07-28',
  async connect(url) {
    const client = new V2Client(CLIENT_INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new V2Transport(new URL(url)));
    return client as unknown as SurfaceClient;
  },
};

const KINDS: readonly SurfaceKind[] = [
  V1_2025,
  {
    label: 'v2 @modelcontextprotocol/client, 2025-11-25',
    async connect(url) {
      const client = new V2Client(CLIENT_INFO, { supportedProtocolVersions: ['2025-11-25'] });
      await client.connect(new V2Transport(new URL(url)));
      return client as unknown as SurfaceClient;
    },
  },
  V2_2026,
];

/** The JSON-RPC error a call failed with (both clients carry `code` and `message`). */
async function rpcError(call: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: Number(code), message: String(message) };
  }
  throw new Error('expected the call to fail');
}

const BREACHING = 'surface-breaching';

describe('resources, prompts and completion', () => {
  let server: McpTestServer;
  let jobId: string;
  let canaryId: string;

  beforeAll(async () => {
    server = await startMcpTestServer();
    server.monitor.set({ modelId: BREACHING, gate: 'production' }, (sampleIndex) =>
      sampleIndex >= 1 ? { latency_p95_ms: 900 } : { latency_p95_ms: 180 },
    );
    const client = await V2_2026.connect(server.url);
    try {
      jobId = String(
        structured(
          await client.callTool({ name: 'run_eval', arguments: { taskId: 'surface-eval', wait: true } }),
        ).jobId,
      );
      canaryId = String(
        structured(
          await client.callTool({
            name: 'start_canary',
            arguments: {
              modelId: BREACHING,
              fromGate: 'stage',
              toGate: 'production',
              windowSeconds: 2,
              intervalSeconds: 0.5,
              minSamples: 3,
              targets: { latency_p95_ms: 500 },
            },
          }),
        ).canaryId,
      );
      await waitFor(
        async () =>
          (await server.cockpit.store.getCanary(canaryId))?.status === 'rolled_back' ? true : undefined,
        { timeoutMs: 15_000, intervalMs: 100, message: 'the breaching canary to roll back' },
      );
    } finally {
      await client.close();
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  describe.each(KINDS)('$label', (kind) => {
    let client: SurfaceClient;

    beforeAll(async () => {
      client = await kind.connect(server.url);
    });

    afterAll(async () => {
      await client?.close();
    });

    it('lists the three templates and the recent jobs and canaries', async () => {
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(
        resourceTemplates.map(({ name, uriTemplate, mimeType }) => ({ name, uriTemplate, mimeType })),
      ).toEqual([
        { name: 'job', uriTemplate: 'cockpit://jobs/{jobId}', mimeType: 'application/json' },
        { name: 'canary', uriTemplate: 'cockpit://canaries/{canaryId}', mimeType: 'application/json' },
        { name: 'narrative', uriTemplate: 'cockpit://narrative/{id}', mimeType: 'text/plain' },
      ]);
      const uris = (await client.listResources()).resources.map((resource) => resource.uri);
      expect(uris).toContain(`cockpit://jobs/${jobId}`);
      expect(uris).toContain(`cockpit://canaries/${canaryId}`);
    });

    it('reads a job, a canary with its math, and narratives', async () => {
      const job = (await client.readResource({ uri: `cockpit://jobs/${jobId}` })).contents[0];
      expect(job?.mimeType).toBe('application/json');
      expect(JSON.parse(String(job?.text))).toMatchObject({ jobId, status: 'completed', progress: 1 });

      const canary = (await client.readResource({ uri: `cockpit://canaries/${canaryId}` })).contents[0];
      const body = JSON.parse(String(canary?.text)) as Record<string, { [key: string]: unknown }>;
      expect(body.canary).toMatchObject({ canaryId, modelId: BREACHING, status: 'rolled_back' });
      expect(body.math).toMatchObject({ canaryId, decided: true, rule: 'breach_limit', outcome: 'rollback' });
      expect(body.samples).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ breaches: [{ metric: 'latency_p95_ms', value: 900, target: 500 }] }),
        ]),
      );

      const canaryStory = (await client.readResource({ uri: `cockpit://narrative/${canaryId}` })).contents[0];
      expect(canaryStory?.mimeType).toBe('text/plain');
      expect(String(canaryStory?.text)).toMatch(new RegExp(`rolled back ${BREACHING}`));
      const modelStory = (await client.readResource({ uri: `cockpit://narrative/${BREACHING}` })).contents[0];
      expect(String(modelStory?.text)).toContain(BREACHING);
      const jobStory = (await client.readResource({ uri: `cockpit://narrative/${jobId}` })).contents[0];
      expect(String(jobStory?.text)).toMatch(/eval "surface-eval" → queued for processing/);
    });

    it('answers unknown ids and URIs with a clear -32602, and keeps serving', async () => {
      expect(await rpcError(client.readResource({ uri: 'cockpit://jobs/job_nope' }))).toMatchObject({
        code: -32602,
        message: expect.stringContaining(
          'no job "job_nope"; list_jobs shows the recent ones [JOB_NOT_FOUND]',
        ),
      });
      expect(await rpcError(client.readResource({ uri: 'cockpit://canaries/canary_nope' }))).toMatchObject({
        code: -32602,
        message: expect.stringContaining('[CANARY_NOT_FOUND]'),
      });
      expect(await rpcError(client.readResource({ uri: 'cockpit://narrative/nobody' }))).toMatchObject({
        code: -32602,
        message: expect.stringContaining('nothing recorded for "nobody"'),
      });
      expect(await rpcError(client.readResource({ uri: 'cockpit://models/x' }))).toMatchObject({
        code: -32602,
        message: expect.stringContaining('Resource not found: cockpit://models/x'),
      });
      expect(await rpcError(client.readResource({ uri: 'not a uri' }))).toMatchObject({
        code: -32602,
        message: expect.stringContaining('is invalid'),
      });
      const job = (await client.readResource({ uri: `cockpit://jobs/${jobId}` })).contents[0];
      expect(job?.uri).toBe(`cockpit://jobs/${jobId}`);
      expect(server.errors).toEqual([]);
    });

    it('completes template variables from the store', async () => {
      const jobs = await client.complete({
        ref: { type: 'ref/resource', uri: 'cockpit://jobs/{jobId}' },
        argument: { name: 'jobId', value: 'job_' },
      });
      expect(jobs.completion.values).toContain(jobId);
      const canaries = await client.complete({
        ref: { type: 'ref/resource', uri: 'cockpit://canaries/{canaryId}' },
        argument: { name: 'canaryId', value: canaryId.slice(0, 9) },
      });
      expect(canaries.completion.values).toContain(canaryId);
      const ids = await client.complete({
        ref: { type: 'ref/resource', uri: 'cockpit://narrative/{id}' },
        argument: { name: 'id', value: 'surface-' },
      });
      expect(ids.completion.values).toEqual([BREACHING]);
      const none = await client.complete({
        ref: { type: 'ref/resource', uri: 'cockpit://jobs/{jobId}' },
        argument: { name: 'jobId', value: 'zzz' },
      });
      expect(none.completion.values).toEqual([]);
      expect(
        await rpcError(
          client.complete({
            ref: { type: 'ref/resource', uri: 'cockpit://nothing/{x}' },
            argument: { name: 'x', value: '' },
          }),
        ),
      ).toMatchObject({ code: -32602, message: expect.stringContaining('cockpit://nothing/{x} not found') });
    });

    it('lists the prompts with their arguments', async () => {
      const { prompts } = await client.listPrompts();
      expect(prompts.map(({ name, arguments: args }) => ({ name, args }))).toEqual([
        {
          name: 'investigate-rollback',
          args: [expect.objectContaining({ name: 'canaryId', required: true })],
        },
        { name: 'plan-canary', args: [expect.objectContaining({ name: 'modelId', required: true })] },
      ]);
    });

    it('investigate-rollback embeds the canary (with its math) and its narrative', async () => {
      const { messages } = await client.getPrompt({ name: 'investigate-rollback', arguments: { canaryId } });
      expect(messages[0]?.content.text).toMatch(
        new RegExp(
          `^Canary ${canaryId} of model ${BREACHING} \\(stage → production\\) rolled back by the rule breach_limit`,
        ),
      );
      expect(messages.slice(1).map((message) => message.content.resource?.uri)).toEqual([
        `cockpit://canaries/${canaryId}`,
        `cockpit://narrative/${canaryId}`,
      ]);
      const embeddedCanary = JSON.parse(String(messages[1]?.content.resource?.text)) as {
        math: { rule: string };
      };
      expect(embeddedCanary.math.rule).toBe('breach_limit');
    });

    it('plan-canary embeds the latest canary and the model narrative, and plans a new model from defaults', async () => {
      const known = await client.getPrompt({ name: 'plan-canary', arguments: { modelId: BREACHING } });
      expect(known.messages[0]?.content.text).toContain(`its latest canary ${canaryId}`);
      expect(known.messages.slice(1).map((message) => message.content.resource?.uri)).toEqual([
        `cockpit://canaries/${canaryId}`,
        `cockpit://narrative/${BREACHING}`,
      ]);
      const fresh = await client.getPrompt({ name: 'plan-canary', arguments: { modelId: 'never-seen' } });
      expect(fresh.messages).toHaveLength(1);
      expect(fresh.messages[0]?.content.text).toContain(
        "has no canary on record: plan from the cockpit's defaults",
      );
    });

    it('completes prompt arguments from the store', async () => {
      const canaries = await client.complete({
        ref: { type: 'ref/prompt', name: 'investigate-rollback' },
        argument: { name: 'canaryId', value: 'canary_' },
      });
      expect(canaries.completion.values).toContain(canaryId);
      const models = await client.complete({
        ref: { type: 'ref/prompt', name: 'plan-canary' },
        argument: { name: 'modelId', value: 'surf' },
      });
      expect(models.completion.values).toEqual([BREACHING]);
    });

    it('answers an unknown prompt, bad arguments and an unknown canary with -32602', async () => {
      expect(await rpcError(client.getPrompt({ name: 'no-such-prompt' }))).toMatchObject({
        code: -32602,
        message: expect.stringContaining('Prompt no-such-prompt not found'),
      });
      expect(await rpcError(client.getPrompt({ name: 'investigate-rollback', arguments: {} }))).toMatchObject(
        {
          code: -32602,
          message: expect.stringContaining('Invalid arguments for prompt investigate-rollback'),
        },
      );
      expect(
        await rpcError(client.getPrompt({ name: 'investigate-rollback', arguments: { canaryId: '' } })),
      ).toMatchObject({ code: -32602, message: expect.stringContaining('a canary id is required') });
      expect(
        await rpcError(
          client.getPrompt({ name: 'investigate-rollback', arguments: { canaryId: 'canary_nope' } }),
        ),
      ).toMatchObject({
        code: -32602,
        message: expect.stringContaining(
          'no canary "canary_nope"; list_canaries shows the recent ones [CANARY_NOT_FOUND]',
        ),
      });
      expect(
        await rpcError(
          client.complete({
            ref: { type: 'ref/prompt', name: 'no-such-prompt' },
            argument: { name: 'x', value: '' },
          }),
        ),
      ).toMatchObject({ code: -32602, message: expect.stringContaining('Prompt no-such-prompt not found') });
      expect(server.errors).toEqual([]);
    });
  });
});
