/**
 * Per-canary webhook URLs through MCP, on a real server: refused at start_canary unless
 * LUKHAS_WEBHOOK_ALLOW lists them (SSRF), and never shown whole in a tool result (tokens live in
 * the path and query).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type TestClient, type ToolCallResult, v2Kind } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const kind = v2Kind('2026-07-28');
let server: McpTestServer | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function connect(env: Record<string, string> = {}) {
  server = await startMcpTestServer({ env });
  client = await kind.connect(server.url);
  return { server, client };
}

const canary = (modelId: string, webhooks: Record<string, string>) => ({
  modelId,
  fromGate: 'stage',
  toGate: 'production',
  sloPolicy: { latency_p95_ms: 800, error_rate: 0.01 },
  webhooks,
});

function text(result: ToolCallResult): string {
  return result.content.map((part) => part.text ?? '').join('\n');
}

describe('per-canary webhooks over MCP', () => {
  it('refuses an internal target at start_canary with the field named, and stores nothing', async () => {
    const { client } = await connect();
    const result = await client.callTool(
      'start_canary',
      canary('ssrf-model', { onRollback: 'http://127.0.0.1:6379/?token=SECRET123' }),
    );
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(
      /^webhooks\.onRollback is refused: .*LUKHAS_WEBHOOK_ALLOW.* \[WEBHOOK_NOT_ALLOWED\]$/,
    );
    expect(text(result)).not.toContain('SECRET123');
    const listed = await client.callTool('list_canaries', { modelId: 'ssrf-model' });
    expect(listed.structuredContent).toEqual({ canaries: [], next: null });
  });

  it('redacts allowed URLs to their origin in start_canary, get_canary, list_canaries and abort_canary', async () => {
    // Port 1 on loopback: abort's on_rollback call fails at once and never leaves the machine.
    const { client } = await connect({
      LUKHAS_WEBHOOK_ALLOW: 'https://127.0.0.1:1',
      LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS: '200',
      LUKHAS_CANARY_WEBHOOK_RETRIES: '0',
    });
    const url = 'https://127.0.0.1:1/hooks/t0k3n?token=SECRET123';
    const started = await client.callTool(
      'start_canary',
      canary('redacted-model', { onRollback: url, confirmPromotion: url }),
    );
    expect(started.isError, text(started)).toBeFalsy();
    const shown = {
      onRollback: 'https://127.0.0.1:1/…',
      confirmPromotion: 'https://127.0.0.1:1/…',
    };
    expect(started.structuredContent?.webhooks).toEqual(shown);
    const canaryId = started.structuredContent?.canaryId as string;
    const answers = [
      started,
      await client.callTool('get_canary', { canaryId }),
      await client.callTool('list_canaries', {}),
      await client.callTool('abort_canary', { canaryId, reason: 'test' }),
      await client.callTool('why_math', { id: canaryId }),
    ];
    expect(answers[1]?.structuredContent?.webhooks).toEqual(shown);
    const listed = (answers[2]?.structuredContent?.canaries ?? []) as { webhooks: unknown }[];
    expect(listed[0]?.webhooks).toEqual(shown);
    expect(answers[3]?.structuredContent?.webhooks).toEqual(shown);
    for (const answer of answers) {
      expect(JSON.stringify(answer)).not.toMatch(/t0k3n|SECRET123/);
    }
  });
});
