/**
 * What hosts show and cache from the lists: every tool has a title and an icon (a small SVG as a
 * `data:` URI), the server has one too, and on 2026-07-28 the static lists carry `ttlMs`/`cacheScope`
 * (five minutes, public) while live state (`resources/list`, `resources/read`) is never cached.
 * Checked with the official SDK clients (v1 on 2025-11-25, v2 on 2026-07-28) and on the wire.
 */
import { TOOL_NAMES } from '@lukhas/core';
import {
  Client as V2Client,
  StreamableHTTPClientTransport as V2Transport,
} from '@modelcontextprotocol/client';
import { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as V1Transport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';
import { postModern } from './modern-request.ts';

const CLIENT_INFO = { name: 'cockpit-listing-tests', version: '1.0.0' };

interface ListedIcon {
  readonly src: string;
  readonly mimeType?: string;
}

function expectSvgIcon(icons: readonly ListedIcon[] | undefined): void {
  expect(icons).toHaveLength(1);
  const [icon] = icons ?? [];
  expect(icon?.mimeType).toBe('image/svg+xml');
  const prefix = 'data:image/svg+xml;base64,';
  expect(icon?.src.startsWith(prefix)).toBe(true);
  const svg = Buffer.from(String(icon?.src.slice(prefix.length)), 'base64').toString('utf8');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*>.*<\/svg>$/);
}

describe('titles, icons and cache hints', () => {
  let server: McpTestServer;

  beforeAll(async () => {
    // File operations on, so every tool of the contract is listed (off, the four file tools are not).
    server = await startMcpTestServer({ env: { LUKHAS_FILE_OPS: '1' } });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('every tool has a title and an icon, and so has the server (v1 client, 2025-11-25)', async () => {
    const client = new V1Client(CLIENT_INFO);
    await client.connect(new V1Transport(new URL(server.url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([...TOOL_NAMES]);
      for (const tool of tools) {
        expect(tool.title, tool.name).toMatch(/^\S.{3,}/);
        expectSvgIcon(tool.icons);
      }
      expectSvgIcon(client.getServerVersion()?.icons);
    } finally {
      await client.close();
    }
  });

  it('every tool has a title and an icon (v2 client, 2026-07-28)', async () => {
    const client = new V2Client(CLIENT_INFO, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(new V2Transport(new URL(server.url)));
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(TOOL_NAMES.length);
      for (const tool of tools) {
        expect(tool.title, tool.name).toBeTruthy();
        expectSvgIcon(tool.icons);
      }
    } finally {
      await client.close();
    }
  });

  it('static lists may be cached five minutes by anyone; live state never (2026-07-28 wire)', async () => {
    for (const method of ['tools/list', 'prompts/list', 'resources/templates/list', 'server/discover']) {
      const { result } = await postModern(server.url, method, {});
      expect(result, method).toMatchObject({ resultType: 'complete', ttlMs: 300_000, cacheScope: 'public' });
    }
    const { result: listed } = await postModern(server.url, 'resources/list', {});
    expect(listed).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
    const { result: queued } = await postModern(server.url, 'tools/call', {
      name: 'run_eval',
      arguments: { taskId: 'listing-eval' },
    });
    const jobId = String((queued?.structuredContent as { jobId?: unknown } | undefined)?.jobId);
    const { result: job } = await postModern(server.url, 'resources/read', {
      uri: `cockpit://jobs/${jobId}`,
    });
    expect(job).toMatchObject({ resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
  });

  it('2025-era answers carry no cache fields', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    const { result } = (await response.json()) as { result: Record<string, unknown> };
    expect(result.tools).toHaveLength(TOOL_NAMES.length);
    expect(result).not.toHaveProperty('ttlMs');
    expect(result).not.toHaveProperty('cacheScope');
  });
});
