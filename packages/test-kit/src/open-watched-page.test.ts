import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './launch-chromium.ts';
import { cspViolations, openWatchedPage } from './open-watched-page.ts';

// A page that breaks all three ways: its CSP refuses an image, a script logs an error, another throws.
const BROKEN_PAGE = `data:text/html,${encodeURIComponent(
  [
    `<meta http-equiv="Content-Security-Policy" content="img-src 'none'">`,
    '<img src="https://blocked.invalid/x.png">',
    `<script>console.error('logged'); setTimeout(() => { throw new Error('thrown'); });</script>`,
  ].join(''),
)}`;

/** A real HTTP server for one quiet page, so the navigation has an answer (a `data:` URL has none). */
async function serveCleanPage(): Promise<{ url: string; close: () => void }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<p>clean</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('openWatchedPage', { timeout: 120_000 }, () => {
  let browser: Browser;
  let cleanServer: { readonly url: string; readonly close: () => void };

  beforeAll(async () => {
    browser = await launchChromium();
    cleanServer = await serveCleanPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    cleanServer?.close();
  });

  it('collects console errors, page errors and CSP violations from the first load', async () => {
    const problems: string[] = [];
    const { page } = await openWatchedPage(browser, BROKEN_PAGE, { problems, label: 'broken' });
    // Chromium also logs the refused image as a console error.
    await expect.poll(() => problems.length).toBe(3);
    expect(problems).toEqual([
      expect.stringMatching(
        /^broken console\.error: Loading the image 'https:\/\/blocked\.invalid\/x\.png' violates/,
      ),
      'broken console.error: logged',
      'broken page error: thrown',
    ]);
    await expect.poll(() => cspViolations(page)).toEqual(['img-src https://blocked.invalid/x.png']);
    expect(page.viewportSize()).toEqual({ width: 1400, height: 1000 });
    await page.close();
  });

  it('finds nothing on a clean page, and passes on its navigation and each request', async () => {
    const problems: string[] = [];
    const requests: string[] = [];
    const { page, response } = await openWatchedPage(browser, `${cleanServer.url}/clean.html`, {
      problems,
      onRequest: (url) => requests.push(url),
      viewport: { width: 800, height: 600 },
    });
    expect(response?.status()).toBe(200);
    expect(requests[0]).toBe(`${cleanServer.url}/clean.html`);
    expect(await page.textContent('p')).toBe('clean');
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    expect(page.viewportSize()).toEqual({ width: 800, height: 600 });
    await page.close();
  });
});
