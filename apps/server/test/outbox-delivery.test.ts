/**
 * At-least-once webhooks through the outbox, on the real process (`src/main.ts`) and a real SQLite
 * file: a receiver that is down when the canary is decided still gets the call once it is back,
 * and a process SIGKILLed after the decision committed (its call still in flight) leaves the call
 * to the next process, which makes it. On PostgreSQL, a replica SIGKILLed there leaves the call to
 * another replica that stays up. Every attempt carries the same Idempotency-Key.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import path from 'node:path';
import { startPostgresCluster } from '@lukhas/persistence/testing';
import { createTempDirs, freePort, type RunningServerProcess, waitFor } from '@lukhas/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { startMainProcess } from './main-process.ts';
import { callToolOk } from './post-tool-call.ts';

const KEY = 'k1';
const tempDirs = createTempDirs();
const servers: RunningServerProcess[] = [];
const receivers: Receiver[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.kill();
  for (const receiver of receivers.splice(0)) await receiver.close();
  tempDirs.removeAll();
});

/** A webhook receiver on `port`: records each call, answers as `answer` says (or never). */
interface Receiver {
  readonly calls: { headers: IncomingHttpHeaders; body: Record<string, unknown>; answered: boolean }[];
  close(): Promise<void>;
}

async function startReceiver(port: number, answer: () => number | 'hang'): Promise<Receiver> {
  const calls: Receiver['calls'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = answer();
      const call = {
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
        answered: status !== 'hang',
      };
      calls.push(call);
      if (status !== 'hang') response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const receiver = {
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  receivers.push(receiver);
  return receiver;
}

async function startCockpit(
  databaseFile: string,
  env: Record<string, string>,
): Promise<RunningServerProcess> {
  const server = await startMainProcess({
    LUKHAS_MCP_DB: databaseFile,
    LUKHAS_MCP_API_KEYS: KEY,
    LUKHAS_REPO_ROOT: path.dirname(databaseFile),
    ...env,
  });
  servers.push(server);
  return server;
}

function callTool(server: RunningServerProcess, name: string, args: Record<string, unknown>) {
  return callToolOk(server.url, KEY, name, args);
}

async function outboxGauges(server: RunningServerProcess): Promise<{ depth: number; age: number }> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { 'X-API-Key': KEY } })).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { depth: value('cockpit_outbox_depth'), age: value('cockpit_outbox_oldest_age_seconds') };
}

/** A canary whose window outlasts the test: only the abort decides it. */
async function startAndAbort(server: RunningServerProcess): Promise<string> {
  const { canaryId } = (await callTool(server, 'start_canary', {
    modelId: 'outbox-model',
    fromGate: 'stage',
    toGate: 'production',
    windowSeconds: 600,
    intervalSeconds: 30,
    targets: { latency_p95_ms: 800, max_error_rate: 0.05 },
  })) as { canaryId: string };
  await callTool(server, 'abort_canary', { canaryId, reason: 'outbox test' });
  return canaryId;
}

describe('webhooks through the outbox (SQLite)', { timeout: 120_000 }, () => {
  it('delivers the call of a decision made while the receiver was down, once it is back', async () => {
    const port = await freePort();
    const server = await startCockpit(path.join(tempDirs.make('cockpit-outbox-'), 'cockpit.db'), {
      LUKHAS_CANARY_WEBHOOK_ON_ROLLBACK: `http://127.0.0.1:${port}/rollback`,
      LUKHAS_CANARY_WEBHOOK_RETRIES: '0',
    });
    const canaryId = await startAndAbort(server);
    // The writer's own attempt was refused (nothing listens): the call is still owed.
    await waitFor(async () => (await outboxGauges(server)).depth === 1, {
      message: 'the owed call in cockpit_outbox_depth',
    });
    await waitFor(() => /webhook on_rollback to .* failed/.test(server.output()), {
      message: () => `the failed first attempt in the log:\n${server.output()}`,
    });

    const receiver = await startReceiver(port, () => 200);
    await waitFor(() => receiver.calls.length >= 1, {
      timeoutMs: 60_000,
      message: 'the relay to deliver the call once the receiver is back',
    });
    expect(receiver.calls[0]?.headers['idempotency-key']).toBe(`${canaryId}:rolled_back`);
    expect(receiver.calls[0]?.body).toMatchObject({ event: 'rolled_back', canaryId, reason: 'outbox test' });
    await waitFor(async () => (await outboxGauges(server)).depth === 0, { message: 'the call settled' });
    expect(await outboxGauges(server)).toEqual({ depth: 0, age: 0 });
    expect(receiver.calls).toHaveLength(1);
  });

  it('makes the call after a SIGKILL between the committed decision and the answer, from the next process', async () => {
    const port = await freePort();
    const databaseFile = path.join(tempDirs.make('cockpit-outbox-kill-'), 'cockpit.db');
    let answer: number | 'hang' = 'hang';
    const receiver = await startReceiver(port, () => answer);
    const env = {
      LUKHAS_CANARY_WEBHOOK_ON_ROLLBACK: `http://127.0.0.1:${port}/rollback`,
      // The first attempt hangs in the receiver until the process is killed.
      LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS: '600000',
    };
    const first = await startCockpit(databaseFile, env);
    const canaryId = await startAndAbort(first);
    await waitFor(() => receiver.calls.length === 1, { message: 'the first attempt to reach the receiver' });
    await first.kill();

    answer = 200;
    const second = await startCockpit(databaseFile, env);
    expect((await outboxGauges(second)).depth).toBe(1);
    await waitFor(() => receiver.calls.some((call) => call.answered), {
      timeoutMs: 60_000,
      message: 'the next process to make the call',
    });
    const keys = receiver.calls.map((call) => call.headers['idempotency-key']);
    expect(keys).toEqual([`${canaryId}:rolled_back`, `${canaryId}:rolled_back`]);
    expect(receiver.calls[1]?.body).toEqual(receiver.calls[0]?.body);
    await waitFor(async () => (await outboxGauges(second)).depth === 0, { message: 'the call settled' });
  });
});

describe('webhooks through the outbox (PostgreSQL, two replicas)', { timeout: 120_000 }, () => {
  it('leaves the call of a replica SIGKILLed mid-call to the replica that is alive', async () => {
    const cluster = await startPostgresCluster();
    try {
      const url = await cluster.createDatabase();
      const port = await freePort();
      let answer: number | 'hang' = 'hang';
      const receiver = await startReceiver(port, () => answer);
      const env = {
        LUKHAS_CANARY_WEBHOOK_ON_ROLLBACK: `http://127.0.0.1:${port}/rollback`,
        LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS: '600000',
      };
      const doomed = await startCockpit(url, { ...env, LUKHAS_REPLICA_ID: 'replica-a' });
      const survivor = await startCockpit(url, { ...env, LUKHAS_REPLICA_ID: 'replica-b' });
      const canaryId = await startAndAbort(doomed);
      await waitFor(() => receiver.calls.length === 1, {
        message: "replica A's attempt to reach the receiver",
      });
      await doomed.kill();
      answer = 200;
      expect((await outboxGauges(survivor)).depth).toBe(1);
      await waitFor(() => receiver.calls.some((call) => call.answered), {
        timeoutMs: 60_000,
        message: 'replica B to make the call',
      });
      expect(receiver.calls.map((call) => call.headers['idempotency-key'])).toEqual([
        `${canaryId}:rolled_back`,
        `${canaryId}:rolled_back`,
      ]);
      await waitFor(async () => (await outboxGauges(survivor)).depth === 0, { message: 'the call settled' });
      await survivor.kill();
    } finally {
      await cluster.stop();
    }
  });
});
