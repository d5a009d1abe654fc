/**
 * File operations over MCP on a real cockpit, driven by the official SDK clients: off by default
 * (the tools are absent and calling one is a JSON-RPC error); on (`LUKHAS_FILE_OPS=1`), a read key
 * lists and reads but is refused writes with the scope named, an operate key creates, patches and
 * replaces files with hashes checked, and each change is in the audit, the narrative (`why
 * <path>`), the SSE stream (`file/<path>`, `files`) and the evidence pack's `file-changes.json`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, type TestClient, type ToolCallResult, v1Kind, v2Kind } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const run = promisify(execFile);
const OPS_KEY = 'ops-key';
const READ_KEY = 'audit-key';
const FILE_TOOLS = ['list_files', 'read_file', 'write_file', 'apply_patch'];
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SLO =
  '{\n  "windowSeconds": 300,\n  "targets": {\n    "latency_p95_ms": 500,\n    "max_error_rate": 0.01\n  }\n}\n';

function structured(result: ToolCallResult): Record<string, unknown> {
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(JSON.parse(result.content[0]?.text ?? '')).toEqual(result.structuredContent);
  return result.structuredContent ?? {};
}

function failureText(result: ToolCallResult): string {
  expect(result.isError).toBe(true);
  expect(result.structuredContent).toBeUndefined();
  return result.content[0]?.text ?? '';
}

/** Reads an SSE response until `until` matches what arrived, then stops it. */
async function readStream(response: Response, until: RegExp, controller: AbortController): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!until.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}

describe('file operations off (the default)', () => {
  let server: McpTestServer;
  beforeAll(async () => {
    server = await startMcpTestServer({ repoFiles: { 'configs/slo-prod.json': SLO } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(CLIENT_KINDS)('$label: the tools are absent and calling one is a JSON-RPC error', async (kind) => {
    const client = await kind.connect(server.url);
    try {
      const names = (await client.listTools()).map((tool) => tool.name);
      expect(names.slice(0, 2)).toEqual(['search', 'fetch']);
      for (const name of FILE_TOOLS) expect(names).not.toContain(name);
      await expect(
        client.callTool('write_file', { path: 'configs/slo-prod.json', content: 'x\n' }),
      ).rejects.toThrow(/write_file/);
      await expect(client.callTool('list_files', {})).rejects.toThrow(/list_files/);
    } finally {
      await client.close();
    }
    expect(await readFile(path.join(server.repo.root, 'configs', 'slo-prod.json'), 'utf8')).toBe(SLO);
  });

  it('answers a bare tools/call of a file tool with the JSON-RPC error for an unknown tool', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: {
          name: 'apply_patch',
          arguments: { path: 'configs/slo-prod.json', patch: '@@ -1 +1 @@\n-{\n+[\n' },
        },
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { id: number; error?: { code: number; message: string } };
    expect(body).toMatchObject({
      id: 7,
      error: { code: -32602, message: expect.stringContaining('apply_patch') },
    });
    expect(await readFile(path.join(server.repo.root, 'configs', 'slo-prod.json'), 'utf8')).toBe(SLO);
  });
});

describe('file operations on (LUKHAS_FILE_OPS=1), scoped keys', () => {
  let server: McpTestServer;
  let ops: TestClient;
  let reader: TestClient;
  let startedAt: number;

  beforeAll(async () => {
    startedAt = Date.now();
    server = await startMcpTestServer({
      env: {
        LUKHAS_MCP_API_KEYS: `${OPS_KEY},${READ_KEY}:read`,
        LUKHAS_FILE_OPS: '1',
        LUKHAS_FILE_OPS_ALLOW: 'configs/**,prompts/**',
      },
      repoFiles: { 'configs/slo-prod.json': SLO, '.gitignore': 'build/\n', 'build/out.json': '{}\n' },
    });
    await writeFile(path.join(server.repo.root, '.env'), 'TOKEN=s3cret\n');
    await mkdir(path.join(server.repo.root, '.git'), { recursive: true });
    await writeFile(path.join(server.repo.root, '.git', 'config'), '[core]\n');
    await symlink(server.repo.outside, path.join(server.repo.root, 'configs', 'escape'));
    ops = await v2Kind('2026-07-28').connect(server.url, bearer(OPS_KEY));
    reader = await v1Kind('2025-11-25').connect(server.url, bearer(READ_KEY));
  });
  afterAll(async () => {
    await ops?.close();
    await reader?.close();
    await server?.close();
  });

  it('lists the file tools after the others, search and fetch still first, with their annotations', async () => {
    const tools = await reader.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names.slice(0, 2)).toEqual(['search', 'fetch']);
    expect(names.slice(-4)).toEqual(FILE_TOOLS);
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName.read_file?.annotations).toMatchObject({ readOnlyHint: true });
    expect(byName.write_file?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.apply_patch?.inputSchema).toMatchObject({ required: ['path', 'patch'] });
  });

  it('lets a read key list and read files, and refuses it write_file and apply_patch naming the scope', async () => {
    const listing = structured(await reader.callTool('list_files', {}));
    const names = (listing.entries as { name: string }[]).map((entry) => entry.name);
    expect(names).toContain('configs/slo-prod.json');
    for (const hidden of ['.env', '.git/config', 'build/out.json']) expect(names).not.toContain(hidden);
    expect(
      structured(
        await reader.callTool('read_file', { path: 'configs/slo-prod.json', startLine: 3, endLine: 4 }),
      ),
    ).toMatchObject({
      text: '  "targets": {\n    "latency_p95_ms": 500,\n',
      sha256: sha256(SLO),
      totalLines: 7,
    });
    expect(
      failureText(await reader.callTool('write_file', { path: 'configs/slo-prod.json', content: 'x\n' })),
    ).toBe('write_file needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]');
    expect(
      failureText(
        await reader.callTool('apply_patch', {
          path: 'configs/slo-prod.json',
          patch: '@@ -1 +1 @@\n-{\n+[\n',
        }),
      ),
    ).toBe('apply_patch needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]');
    expect(await readFile(path.join(server.repo.root, 'configs', 'slo-prod.json'), 'utf8')).toBe(SLO);
  });

  it('patches, replaces and creates files for the operate key, hashes checked, every change told', async () => {
    const { sha256: before } = structured(await ops.callTool('read_file', { path: 'configs/slo-prod.json' }));
    const patch =
      '@@ -4,2 +4,2 @@\n-    "latency_p95_ms": 500,\n+    "latency_p95_ms": 450,\n     "max_error_rate": 0.01\n';
    const patched = structured(
      await ops.callTool('apply_patch', { path: 'configs/slo-prod.json', patch, expectedSha256: before }),
    );
    const afterPatch = SLO.replace('500', '450');
    expect(patched).toMatchObject({
      change: 'patched',
      beforeSha256: before,
      sha256: sha256(afterPatch),
      added: 1,
      removed: 1,
    });
    expect(await readFile(path.join(server.repo.root, 'configs', 'slo-prod.json'), 'utf8')).toBe(afterPatch);

    // A second editor still holding the first hash is refused, with the current one.
    expect(
      failureText(
        await ops.callTool('write_file', {
          path: 'configs/slo-prod.json',
          content: '{}\n',
          expectedSha256: before,
        }),
      ),
    ).toBe(
      `"configs/slo-prod.json" changed since it was read: its sha256 is now ${sha256(afterPatch)}, not ${before}; nothing was written. Read it again (read_file) and redo the change against what is there. [FILE_CHANGED]`,
    );
    expect(
      failureText(
        await ops.callTool('apply_patch', {
          path: 'configs/slo-prod.json',
          patch: '@@ -4 +4 @@\n-    "latency_p95_ms": 999,\n+    "latency_p95_ms": 1,\n',
        }),
      ),
    ).toMatch(
      /^Hunk 1 \(@@ -4,1 \+4,1 @@\) does not apply to "configs\/slo-prod\.json": line 4 is .*\[PATCH_FAILED\]$/,
    );

    const replaced = structured(
      await ops.callTool('write_file', {
        path: 'configs/slo-prod.json',
        content: afterPatch.replace('300', '600'),
        expectedSha256: sha256(afterPatch),
      }),
    );
    expect(replaced).toMatchObject({ change: 'replaced', added: 1, removed: 1 });
    const created = structured(
      await ops.callTool('write_file', { path: 'prompts/triage.md', content: '# Triage\n' }),
    );
    expect(created).toMatchObject({ change: 'created', beforeSha256: null, added: 1, removed: 0 });

    const story = await ops.callTool('why', { id: 'configs/slo-prod.json' });
    const operator = /key:[0-9a-f]{8}/.exec(story.content[0]?.text ?? '')?.[0];
    expect(operator).toBeDefined();
    expect((story.content[0]?.text ?? '').split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\] ${operator} → patched configs/slo-prod\\.json \\(\\+1 −1\\)$`,
        ),
      ),
      expect.stringMatching(/ → replaced configs\/slo-prod\.json \(\+1 −1\)$/),
    ]);

    // The same events on the wire, replayed from storage: by path, and on `files` named `file`.
    const controller = new AbortController();
    const response = await fetch(`${server.base}/sse?topic=file/configs/slo-prod.json&topic=files`, {
      headers: { ...bearer(READ_KEY), 'Last-Event-ID': '0' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const wire = await readStream(response, /event: file\n[\s\S]*prompts\/triage\.md/, controller);
    expect(wire).toMatch(/id: \d+\nevent: patched\ndata: \{[^\n]*"topic":"file\/configs\/slo-prod\.json"/);
    expect(wire).toMatch(/id: \d+\nevent: replaced\ndata: /);
    expect(wire).toMatch(
      /id: \d+\nevent: file\ndata: \{[^\n]*"topic":"file\/prompts\/triage\.md","type":"created"/,
    );
    expect(wire).toContain(`"narrative":"[`);
    expect(wire).toMatch(/\] key:[0-9a-f]{8} → patched configs\/slo-prod\.json \(\+1 −1\)"/);

    // The evidence pack lists each change with its diff.
    const zip = path.join(server.repo.outside, 'pack.zip');
    const exported = await fetch(
      `${server.base}/evidence/export?from=${new Date(startedAt - 60_000).toISOString()}`,
      {
        headers: bearer(READ_KEY),
      },
    );
    expect(exported.status).toBe(200);
    await writeFile(zip, Buffer.from(await exported.arrayBuffer()));
    const unpacked = path.join(server.repo.outside, 'pack');
    await run('unzip', ['-q', zip, '-d', unpacked]);
    await run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: unpacked });
    const changes = JSON.parse(await readFile(path.join(unpacked, 'file-changes.json'), 'utf8')) as Record<
      string,
      unknown
    >[];
    expect(changes.map((change) => [change.action, change.path, change.operator])).toEqual([
      ['file.patched', 'configs/slo-prod.json', operator],
      ['file.replaced', 'configs/slo-prod.json', operator],
      ['file.created', 'prompts/triage.md', operator],
    ]);
    expect(changes[0]).toMatchObject({ beforeSha256: before, afterSha256: sha256(afterPatch) });
    expect(changes[0]?.diff).toContain('-    "latency_p95_ms": 500,\n+    "latency_p95_ms": 450,\n');
  });

  it('of two clients writing against the same hash at once, exactly one wins', async () => {
    const other = await v1Kind('2025-06-18').connect(server.url, bearer(OPS_KEY));
    try {
      await ops.callTool('write_file', { path: 'prompts/race.md', content: 'start\n' });
      const expectedSha256 = sha256('start\n');
      const results = await Promise.all([
        ops.callTool('write_file', { path: 'prompts/race.md', content: 'from ops\n', expectedSha256 }),
        other.callTool('apply_patch', {
          path: 'prompts/race.md',
          patch: '@@ -1 +1 @@\n-start\n+from other\n',
          expectedSha256,
        }),
      ]);
      const won = results.filter((result) => result.isError !== true);
      const lost = results.filter((result) => result.isError === true);
      expect({ won: won.length, lost: lost.length }).toEqual({ won: 1, lost: 1 });
      expect(lost[0]?.content[0]?.text).toMatch(/\[FILE_CHANGED\]$/);
      const content = await readFile(path.join(server.repo.root, 'prompts', 'race.md'), 'utf8');
      expect(content).toBe(won[0]?.structuredContent?.change === 'patched' ? 'from other\n' : 'from ops\n');
    } finally {
      await other.close();
    }
  });

  it('refuses paths outside the root, through a symlink, into .git, secrets and paths the allow-list leaves out', async () => {
    const refusals: Record<string, string> = {};
    for (const target of [
      '../outside.md',
      'configs/escape/x.json',
      '.git/config',
      '.env',
      'src/app.ts',
      'build/out.json',
    ]) {
      const text = failureText(await ops.callTool('write_file', { path: target, content: 'PWNED\n' }));
      refusals[target] = /\[([A-Z_]+)\]$/.exec(text)?.[1] ?? text;
    }
    expect(refusals).toEqual({
      '../outside.md': 'PATH_OUTSIDE_ROOT',
      'configs/escape/x.json': 'SYMLINK_REFUSED',
      '.git/config': 'PATH_DENIED',
      '.env': 'PATH_DENIED',
      'src/app.ts': 'PATH_NOT_ALLOWED',
      'build/out.json': 'PATH_IGNORED',
    });
    expect(existsSync(path.join(server.repo.outside, 'x.json'))).toBe(false);
    expect(await readFile(path.join(server.repo.root, '.git', 'config'), 'utf8')).toBe('[core]\n');
    expect(await readFile(path.join(server.repo.root, '.env'), 'utf8')).toBe('TOKEN=s3cret\n');
  });
});
