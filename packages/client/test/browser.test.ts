/**
 * The built SDK (dist, as packed by global-setup) in a real Chromium page, driven by
 * playwright-core: a page imports dist/index.js as an ES module, follows a job stream through a
 * forced mid-frame disconnect with events published during the drop, and calls a tool. Any console
 * error or uncaught exception in the page fails the test. A screenshot goes to test-results/.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerTool, type FakeCockpit, startFakeCockpit } from './fake-cockpit-server.ts';
import { packageRoot } from './global-setup.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>cockpit client in the browser</title>
  <style>body { font: 14px system-ui; margin: 2rem } li { font-family: monospace }</style>
</head>
<body>
  <h1>@lukhas/mcp-cockpit-client</h1>
  <p id="state">loading</p>
  <ol id="ledger"></ol>
  <script type="module">
    import { LukhasMCPCockpit } from '/static/dist/index.js';

    const cockpit = new LukhasMCPCockpit(location.origin, 'browser-key');
    window.cockpit = cockpit;
    window.seen = [];
    window.opens = [];
    window.reconnects = [];
    const show = () => { document.querySelector('#state').textContent = 'state: ' + cockpit.state + ', last id ' + cockpit.lastEventId; };
    cockpit.on('open', (event) => { window.opens.push(event); show(); });
    cockpit.on('reconnecting', (event) => { window.reconnects.push({ attempt: event.attempt, delayMs: event.delayMs, code: event.error.code }); show(); });
    cockpit.on('error', (error) => { window.fatal = error.code; });
    cockpit.on('*', (event) => {
      window.seen.push({ id: event.id, type: event.type, name: event.name, topic: event.topic, step: event.data.step });
      const item = document.createElement('li');
      item.textContent = event.narrative;
      document.querySelector('#ledger').append(item);
      show();
    });
    cockpit.subscribe('job/*');
    window.ready = true;
  </script>
</body>
</html>`;

interface SeenEvent {
  readonly id: number;
  readonly type: string;
  readonly name: string;
  readonly topic: string;
  readonly step: number;
}

declare global {
  interface Window {
    cockpit: import('../src/index.ts').LukhasMCPCockpit;
    seen: SeenEvent[];
    opens: { reconnected: boolean; lastEventId: number | undefined }[];
    reconnects: { attempt: number; delayMs: number; code: string }[];
    fatal?: string;
    ready: boolean;
  }
}

let browser: Browser | undefined;
let server: FakeCockpit;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); this test never downloads a browser`,
    );
  }
  server = await startFakeCockpit({
    apiKey: 'browser-key',
    replayOverlap: 2,
    staticRoot: packageRoot,
    page: PAGE,
    mcp: (call, response) => {
      if (call.body.params.name === 'get_job') {
        answerTool(response, call.body.id, {
          isError: true,
          content: [
            { type: 'text', text: 'no job "job_x"; list_jobs shows the recent ones [JOB_NOT_FOUND]' },
          ],
        });
        return;
      }
      const job = {
        jobId: 'job_browser1',
        taskId: String(call.body.params.arguments.taskId),
        status: 'queued',
      };
      answerTool(response, call.body.id, {
        content: [{ type: 'text', text: JSON.stringify(job) }],
        structuredContent: job,
      });
    },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.ready === true);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the SDK in Chromium', () => {
  it('receives events in order, exactly once, across a forced disconnect with events published during the drop', async () => {
    await page.waitForFunction(() => window.opens.length === 1);
    for (let step = 1; step <= 5; step += 1) server.publish(`job/job_${step % 2}`, 'progress', { step });
    await page.waitForFunction(() => window.seen.length === 5);

    // Ends the response in the middle of a frame. (A reset socket would work the same, but Chromium
    // then logs net::ERR_INCOMPLETE_CHUNKED_ENCODING, and this test allows no console error at all.)
    server.dropStreams(true, 'end');
    for (let step = 6; step <= 10; step += 1) server.publish(`job/job_${step % 2}`, 'progress', { step });
    await page.waitForFunction(() => window.opens.length === 2, undefined, { timeout: 15_000 });
    for (let step = 11; step <= 12; step += 1) server.publish('job/job_0', 'completed', { step });
    await page.waitForFunction(() => window.seen.length >= 12, undefined, { timeout: 15_000 });
    await page.waitForTimeout(200);

    const seen = await page.evaluate(() => window.seen);
    expect(seen.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(seen.map((event) => event.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(seen.at(-1)).toMatchObject({ type: 'completed', name: 'completed', topic: 'job/job_0' });
    const opens = await page.evaluate(() => window.opens);
    expect(opens.map((open) => [open.reconnected, open.lastEventId])).toEqual([
      [false, undefined],
      [true, 5],
    ]);
    const reconnects = await page.evaluate(() => window.reconnects);
    expect(reconnects).toHaveLength(1);
    expect(reconnects[0]?.code).toBe('STREAM_INTERRUPTED');
    expect(reconnects[0]?.delayMs).toBeGreaterThanOrEqual(2000);
    // The browser sent the key and Last-Event-ID as headers (fetch, not EventSource).
    expect(
      server.sseRequests.map((request) => [request.apiKey, request.lastEventId, request.status]),
    ).toEqual([
      ['browser-key', undefined, 200],
      ['browser-key', '5', 200],
    ]);
  }, 60_000);

  it('calls tools from the page: a result, and a TOOL_ERROR', async () => {
    const job = await page.evaluate(() => window.cockpit.runEval({ taskId: 'lukhas-agi-stress' }));
    expect(job).toMatchObject({ jobId: 'job_browser1', taskId: 'lukhas-agi-stress', status: 'queued' });
    const failure = await page.evaluate(() =>
      window.cockpit.getJob({ jobId: 'job_x' }).then(
        () => undefined,
        (error) => ({ name: error.name, code: error.code, toolCode: error.toolCode }),
      ),
    );
    expect(failure).toEqual({ name: 'CockpitClientError', code: 'TOOL_ERROR', toolCode: 'JOB_NOT_FOUND' });
    expect(server.mcpCalls.map((call) => [call.body.params.name, call.headers['x-api-key']])).toEqual([
      ['run_eval', 'browser-key'],
      ['get_job', 'browser-key'],
    ]);
  });

  it('left no console errors or page errors, and saves a screenshot', async () => {
    const directory = join(packageRoot, 'test-results');
    await mkdir(directory, { recursive: true });
    await page.screenshot({ path: join(directory, 'browser-client.png'), fullPage: true });
    expect(await page.evaluate(() => window.fatal)).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
