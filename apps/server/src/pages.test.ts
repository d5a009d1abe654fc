import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from './config/index.ts';
import { apiKeyAuth } from './http/index.ts';
import { pageFiles, pageRoutes, withPagePublicRoutes } from './pages.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pages-'));
  await mkdir(path.join(root, 'js'));
  await writeFile(path.join(root, 'cockpit.html'), '<!doctype html><title>cockpit</title>');
  await writeFile(path.join(root, 'sse_probe.html'), '<!doctype html><title>probe</title>');
  await writeFile(path.join(root, 'js', 'cockpit.js'), 'export {};');
  await writeFile(path.join(root, 'notes.txt'), 'not a served type');
  await writeFile(path.join(path.dirname(root), 'outside.js'), 'secret');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pageRoutes', () => {
  it('serves the pages at their paths and the assets under /cockpit/ with their content types', async () => {
    const app = pageRoutes({ root });
    const home = await app.request('/');
    expect(home.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await home.text()).toContain('cockpit');
    expect(await (await app.request('/sse_probe.html')).text()).toContain('probe');
    const script = await app.request('/cockpit/js/cockpit.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves only listed files: no traversal, no directories, no unknown types', async () => {
    const app = pageRoutes({ root });
    for (const urlPath of [
      '/cockpit/../outside.js',
      '/cockpit/%2e%2e/outside.js',
      '/cockpit/js',
      '/cockpit/notes.txt',
    ]) {
      expect((await app.request(urlPath)).status, urlPath).toBe(404);
    }
    expect([...pageFiles({ root }).keys()].sort()).toEqual([
      '/',
      '/cockpit.html',
      '/cockpit/cockpit.html',
      '/cockpit/js/cockpit.js',
      '/cockpit/sse_probe.html',
      '/sse_probe.html',
    ]);
  });

  it('makes the pages public and keeps everything else behind the key', async () => {
    const { publicRoutes } = withPagePublicRoutes(undefined, { root });
    const app = new Hono();
    app.use(
      apiKeyAuth({ apiKeys: parseApiKeys({ LUKHAS_MCP_API_KEYS: 'k1' }), publicRoutes: publicRoutes ?? [] }),
    );
    app.route('/', pageRoutes({ root }));
    app.get('/health', (context) => context.text('ok'));
    app.post('/mcp', (context) => context.text('mcp'));
    expect((await app.request('/cockpit.html')).status).toBe(200);
    expect((await app.request('/cockpit/js/cockpit.js')).status).toBe(200);
    expect((await app.request('/health')).status).toBe(200);
    expect((await app.request('/mcp', { method: 'POST' })).status).toBe(401);
    expect((await app.request('/cockpit/missing.js')).status).toBe(401);
  });

  it('serves the client SDK bundle at /vendor/mcp-cockpit-client.js, public like the pages', async () => {
    const { publicRoutes } = withPagePublicRoutes(undefined, { root });
    expect(publicRoutes).toContain('GET /vendor/mcp-cockpit-client.js');
    const response = await pageRoutes({ root }).request('/vendor/mcp-cockpit-client.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await response.text();
    expect(code).toContain('@lukhas/mcp-cockpit-client');
    expect(code).toMatch(/export \{[^}]*LukhasMCPCockpit/);
    expect(code).not.toMatch(/^import /m);
  });
});
