/**
 * Resource subscriptions over a real server: a v2 SDK client on 2026-07-28 opens
 * `subscriptions/listen` for a canary and a job and hears `notifications/resources/updated` as the
 * engines change them (driven by the cockpit's event bus); 2025-era sessions, which this stateless
 * endpoint cannot push to, are not offered `resources/subscribe` and get a clear -32601 for it.
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

const CLIENT_INFO = { name: 'cockpit-subscription-tests', version: '1.0.0' };

describe('resource subscriptions', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    // Slow evals, so a job is still running when the client subscribes to it.
    server = await startMcpTestServer({ demo: { steps: 10, stepMs: 150 } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('delivers notifications/resources/updated on subscriptions/listen (2026-07-28) as entities change', async () => {
    const client = new V2Client(CLIENT_INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new V2Transport(new URL(server.url)));
    const updated: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      updated.push(notification.params.uri);
    });
    try {
      expect(client.getServerCapabilities()?.resources?.subscribe).toBe(true);
      const canary = structured(
        await client.callTool({
          name: 'start_canary',
          arguments: {
            modelId: 'listened-model',
            fromGate: 'stage',
            toGate: 'production',
            windowSeconds: 60,
            intervalSeconds: 0.5,
            targets: { latency_p95_ms: 500 },
          },
        }),
      );
      const job = structured(
        await client.callTool({ name: 'run_eval', arguments: { taskId: 'listened-eval' } }),
      );
      const canaryUri = `cockpit://canaries/${String(canary.canaryId)}`;
      const jobUri = `cockpit://jobs/${String(job.jobId)}`;
      const modelStory = 'cockpit://narrative/listened-model';
      const subscription = await client.listen({ resourceSubscriptions: [canaryUri, jobUri, modelStory] });
      expect(subscription.honoredFilter.resourceSubscriptions).toEqual([canaryUri, jobUri, modelStory]);

      // The canary samples every 0.5 s and the job reports progress: both publish events.
      await waitFor(() => (updated.includes(canaryUri) && updated.includes(jobUri) ? true : undefined), {
        timeoutMs: 10_000,
        intervalMs: 50,
        message: 'updates for the canary and the job',
      });
      // Aborting writes the canary's rollback and a line in its model's narrative.
      const before = updated.filter((uri) => uri === modelStory).length;
      structured(
        await client.callTool({
          name: 'abort_canary',
          arguments: { canaryId: canary.canaryId, reason: 'listened enough' },
        }),
      );
      await waitFor(() => (updated.filter((uri) => uri === modelStory).length > before ? true : undefined), {
        timeoutMs: 10_000,
        intervalMs: 50,
        message: "an update for the model's narrative after the abort",
      });
      // Only what was asked for is delivered.
      expect(new Set(updated)).toEqual(new Set([canaryUri, jobUri, modelStory]));
      await subscription.close();
      expect(await subscription.closed).toBe('local');
    } finally {
      await client.close();
    }
    expect(server.errors).toEqual([]);
  });

  it('honours no resource subscription when nothing is asked, and keeps the stream usable', async () => {
    const client = new V2Client(CLIENT_INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new V2Transport(new URL(server.url)));
    try {
      const subscription = await client.listen({ resourceSubscriptions: [] });
      expect(subscription.honoredFilter.resourceSubscriptions).toBeUndefined();
      await subscription.close();
    } finally {
      await client.close();
    }
  });

  it('offers no resources/subscribe to 2025-era sessions and refuses it with -32601', async () => {
    const v1 = new V1Client(CLIENT_INFO);
    await v1.connect(new V1Transport(new URL(server.url)));
    const v2 = new V2Client(CLIENT_INFO, { supportedProtocolVersions: ['2025-11-25'] });
    await v2.connect(new V2Transport(new URL(server.url)));
    try {
      expect(v1.getServerCapabilities()?.resources?.subscribe).toBeFalsy();
      expect(v2.getServerCapabilities()?.resources?.subscribe).toBeFalsy();
      // The v1 client checks the capability itself unless told not to; the wire answer is the server's.
      const raw = await fetch(server.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 7,
          method: 'resources/subscribe',
          params: { uri: 'cockpit://jobs/job_x' },
        }),
      });
      expect(raw.status).toBe(200);
      expect(await raw.json()).toMatchObject({ id: 7, error: { code: -32601, message: 'Method not found' } });
      await expect(v2.listen({ resourceSubscriptions: ['cockpit://jobs/job_x'] })).rejects.toThrow(
        /not supported by the negotiated protocol version|resources\/subscribe/,
      );
    } finally {
      await v1.close();
      await v2.close();
    }
  });
});
