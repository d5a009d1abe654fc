/**
 * The deny-list, LUKHAS_DOCS_INCLUDE and the task file as the running cockpit wires them
 * (`src/cockpit.ts`), through `search`/`fetch` over HTTP with the SDK client (issue 10, finding 7).
 */
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { isDocumentError } from '@lukhas/documents';
import { createTempRepo } from '@lukhas/documents/testing';
import { createStubMonitor } from '@lukhas/slo-prom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCockpitConfig } from '../src/config/index.ts';
import { openCockpit } from '../src/wiring.ts';
import { type TestClient, v1Kind } from './mcp-clients.ts';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const TASKS = JSON.stringify({
  smoke: { command: ['node', '-e', '1'], env: { API_TOKEN: 'taskfilesecretword' } },
});

let server: McpTestServer;
let client: TestClient;
beforeAll(async () => {
  server = await startMcpTestServer({
    env: { LUKHAS_DOCS_INCLUDE: 'docs/**,README.md,*.txt,*.json,*.yml' },
    repoFiles: {
      'cockpit.tasks.json': TASKS,
      '.env': 'API_TOKEN=envsecretword\n',
      '.config/gh/hosts.yml': 'github.com:\n  oauth_token: ghsecretword\n',
      '.docker/config.json': '{"auths":{"x":{"auth":"dockersecretword"}}}\n',
      'src/included-not.md': '# Not included\nnotincludedword\n',
    },
  });
  await symlink('.env', server.repo.pathOf('envlink.txt'));
  client = await v1Kind('2025-11-25').connect(server.url);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await server?.close();
});

const errorText = (result: { isError?: boolean; content: readonly { text?: string }[] }) =>
  result.isError === true ? (result.content[0]?.text ?? '') : `not an error: ${result.content[0]?.text}`;

describe('search and fetch of a running cockpit', { timeout: 60_000 }, () => {
  it('uses the task file of the cockpit (tasks mode)', () => {
    expect(server.cockpit.tasks.mode).toBe('tasks');
  });

  it.each(['envsecretword', 'ghsecretword', 'dockersecretword', 'taskfilesecretword', 'notincludedword'])(
    'finds nothing for %s',
    async (word) => {
      const result = await client.callTool('search', { query: word });
      expect(result.structuredContent).toEqual({ results: [] });
    },
  );

  it.each(['.env', '.config/gh/hosts.yml', '.docker/config.json', 'cockpit.tasks.json'])(
    'refuses to fetch %s, saying it is never served',
    async (id) => {
      expect(errorText(await client.callTool('fetch', { id }))).toMatch(
        /is never served.*\[DOCUMENT_DENIED\]$/,
      );
    },
  );

  it('answers a link to a secret as it answers a missing file', async () => {
    const missing = errorText(await client.callTool('fetch', { id: 'missing.txt' }));
    expect(missing).toMatch(/\[DOCUMENT_NOT_FOUND\]$/);
    expect(errorText(await client.callTool('fetch', { id: 'envlink.txt' }))).toBe(
      missing.replace('missing.txt', 'envlink.txt'),
    );
  });

  it('serves only what LUKHAS_DOCS_INCLUDE matches', async () => {
    expect(errorText(await client.callTool('fetch', { id: 'src/included-not.md' }))).toMatch(
      /LUKHAS_DOCS_INCLUDE.*\[DOCUMENT_DENIED\]$/,
    );
    const fetched = await client.callTool('fetch', { id: 'docs/canary-rollback.md' });
    expect(fetched.isError).not.toBe(true);
    expect(fetched.structuredContent).toMatchObject({ title: 'Canary rollback' });
  });
});

describe('a task file under another name (LUKHAS_TASKS_FILE)', { timeout: 60_000 }, () => {
  it('is never indexed or served, nor through a link', async () => {
    const repo = await createTempRepo({ files: { 'evals/my-tasks.json': TASKS } });
    await symlink('evals/my-tasks.json', repo.pathOf('tasks-link.json'));
    const env = {
      LUKHAS_MCP_DB: path.join(repo.outside, 'cockpit.db'),
      LUKHAS_REPO_ROOT: repo.root,
      LUKHAS_TASKS_FILE: repo.pathOf('evals/my-tasks.json'),
    };
    const cockpit = await openCockpit(loadCockpitConfig(env, repo.root), { monitor: createStubMonitor() });
    try {
      expect(cockpit.tasks.taskFile).toBe(repo.pathOf('evals/my-tasks.json'));
      expect((await cockpit.documents.search('taskfilesecretword')).results).toEqual([]);
      await expect(cockpit.documents.fetch('evals/my-tasks.json')).rejects.toSatisfy((error) =>
        isDocumentError(error, 'DOCUMENT_DENIED'),
      );
      await expect(cockpit.documents.fetch('tasks-link.json')).rejects.toSatisfy((error) =>
        isDocumentError(error, 'DOCUMENT_NOT_FOUND'),
      );
      expect((await cockpit.documents.fetch('README.md')).id).toBe('README.md');
    } finally {
      await cockpit.close();
      await repo.remove();
    }
  });
});
