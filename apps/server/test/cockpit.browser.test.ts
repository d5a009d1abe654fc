/**
 * The pages of packages/cockpit-page as this server serves them, in a real Chromium (Debian's, driven by
 * playwright-core) against the real server of the MCP tests (stub SLO monitor, fast demo eval): the pages load with no key
 * and no console error or CSP violation, a job started from the form shows live, a canary draws its
 * charts and decision, WHY tells the story and the math, Abort rolls a canary back, and the probe
 * shows raw colour-coded events. Screenshots go to test-results/.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CockpitTools } from '@lukhas/mcp-cockpit-client';
import { cspViolations, launchChromium, openWatchedPage } from '@lukhas/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

// A browser on a loaded machine: each step gets a minute (this app's default is 30 s).
const STEP = { timeout: 60_000 };
const API_KEY = 'cockpit-browser-key';
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));

declare global {
  interface Window {
    jobStatuses: string[];
  }
}

let browser: Browser | undefined;
let server: McpTestServer;
const problems: string[] = [];
const requestedUrls: string[] = [];

async function openPage(path: string): Promise<Page> {
  if (browser === undefined) throw new Error('no browser');
  const { page, response } = await openWatchedPage(browser, `${server.base}${path}`, {
    problems,
    label: path,
    onRequest: (url) => requestedUrls.push(url),
  });
  expect(response?.status()).toBe(200);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return page;
}

/**
 * The problems, less the one line Chromium logs for the 401 that makes a keyless tab ask for the
 * key (the page reads the server once at load and asks for a key only when it is refused).
 */
function withoutKeyPrompts(lines: readonly string[]): string[] {
  return lines.filter((line) => !line.endsWith('the server responded with a status of 401 (Unauthorized)'));
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${RESULTS}${name}.png`, fullPage: true });
}

/** Calls a tool from the test (not the page), as a second operator would, through the client SDK. */
async function callTool(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new CockpitTools(server.base, API_KEY).callTool<Record<string, unknown>>(name, args);
}

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  server = await startMcpTestServer({
    env: { LUKHAS_MCP_API_KEYS: API_KEY },
    // Slow enough for the page to show queued → running with progress → completed.
    demo: { steps: 5, stepMs: 250 },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the pages as served', STEP, () => {
  it('serves the pages and assets without a key, with the CSP, and keeps the data routes behind the key', async () => {
    for (const path of [
      '/',
      '/cockpit.html',
      '/sse_probe.html',
      '/cockpit/cockpit.css',
      '/cockpit/js/cockpit.js',
    ]) {
      const response = await fetch(`${server.base}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      await response.arrayBuffer();
    }
    expect((await fetch(`${server.base}/cockpit/js/cockpit.js`)).headers.get('content-type')).toMatch(
      /^text\/javascript/,
    );
    for (const path of [
      '/cockpit/../package.json',
      '/cockpit/%2e%2e/package.json',
      '/cockpit/js/',
      '/package.json',
    ]) {
      expect((await fetch(`${server.base}${path}`)).status, path).not.toBe(200);
    }
    expect((await fetch(`${server.base}/sse?topic=jobs`)).status).toBe(401);
    expect((await fetch(server.url, { method: 'POST', body: '{}' })).status).toBe(401);
  });
});

describe('the cockpit in Chromium', STEP, () => {
  let page: Page;

  beforeAll(async () => {
    page = await openPage('/cockpit.html');
  }, 60_000);

  it('asks for a key when the server refuses the keyless tab (401), takes it into the tab (never the URL) and connects', async () => {
    // The page tried on its own at load; the 401 brought up the key prompt, nothing else did.
    await page.locator('body[data-auth=needs-key]').waitFor();
    expect(await page.locator('#status').textContent()).toBe(
      'This server asks for an API key: enter it above (kept in this tab only).',
    );
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('apiKey');
    expect(await page.locator('#connection').getAttribute('data-state')).toBe('closed');
    await page.fill('#key-form input[name=apiKey]', API_KEY);
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction(
      () => document.querySelector('#connection')?.getAttribute('data-state') === 'open',
    );
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([API_KEY]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(page.url()).not.toContain(API_KEY);
    expect(await page.inputValue('#key-form input[name=apiKey]')).toBe('');
    expect(await page.evaluate(() => document.body.dataset.auth)).toBeUndefined();
  });

  it('starts an eval from the form and shows queued → running → completed live, colour-coded', async () => {
    await page.evaluate(() => {
      window.jobStatuses = [];
      // Old values, as the callback runs after several changes may have landed.
      new MutationObserver((records) => {
        for (const record of records) {
          if (record.oldValue && window.jobStatuses.at(-1) !== record.oldValue)
            window.jobStatuses.push(record.oldValue);
        }
      }).observe(document.querySelector('#jobs-body') as Node, {
        subtree: true,
        attributes: true,
        attributeOldValue: true,
        attributeFilter: ['data-status'],
      });
    });
    await page.fill('#eval-form input[name=taskId]', 'lukhas-agi-stress');
    await page.fill('#eval-form input[name=configId]', 'production');
    await page.click('#eval-form button[type=submit]');
    const row = page.locator('#jobs-body tr[data-status=completed]');
    await row.waitFor({ timeout: 20_000 });
    const jobId = await row.getAttribute('data-job-id');
    expect(jobId).toMatch(/^job_/);
    // Every status the row went through before `completed`, in order.
    expect(await page.evaluate(() => window.jobStatuses)).toEqual(['queued', 'running']);
    expect(await row.locator('.task').textContent()).toBe('lukhas-agi-stress / production');
    expect(await row.locator('progress').evaluate((node) => (node as HTMLProgressElement).value)).toBe(1);

    const log = page.locator(`#event-log li[data-topic="job/${jobId}"]`);
    await page.locator(`#event-log li[data-topic="job/${jobId}"][data-type=completed]`).waitFor();
    const lines = await log.evaluateAll((nodes) =>
      nodes.map((node) => [
        node.getAttribute('data-type'),
        node.className,
        getComputedStyle(node).borderLeftColor,
      ]),
    );
    const types = lines.map(([type]) => type).reverse();
    expect(types.slice(0, 2)).toEqual(['queued', 'running']);
    expect(types).toContain('progress');
    expect(types.at(-1)).toBe('completed');
    const colourOf = (type: string) => lines.find(([lineType]) => lineType === type);
    expect(colourOf('completed')?.slice(1)).toEqual(['event success', 'rgb(26, 127, 55)']);
    expect(colourOf('progress')?.slice(1)).toEqual(['event progress', 'rgb(194, 94, 0)']);
    expect(colourOf('queued')?.[1]).toBe('event progress');
    expect(await log.first().textContent()).toContain('completed successfully');
    await screenshot(page, 'cockpit-job');
  });

  it('starts a canary from the form, draws its SLO charts as samples arrive, and shows the decision', async () => {
    await page.fill('#canary-form input[name=modelId]', 'lukhas-agi-v3');
    // A window long enough that the canary is surely still running when a slow browser has drawn
    // its first two points (3 s once left a busy machine too little time).
    await page.fill('#canary-form input[name=windowSeconds]', '10');
    await page.fill('#canary-form input[name=intervalSeconds]', '0.5');
    await page.fill('#canary-form input[name=minSamples]', '2');
    await page.fill('#canary-form input[name=latency_p95_ms]', '500');
    await page.fill('#canary-form input[name=max_error_rate]', '0.05');
    await page.fill('#canary-form input[name=max_drift]', '0.2');
    await page.click('#canary-form button[type=submit]');
    const card = page.locator('#canaries article.canary').first();
    await card.waitFor();
    const latency = card.locator('svg[data-metric=latency_p95_ms]');
    await page.waitForFunction(
      () =>
        Number(document.querySelector('svg[data-metric=latency_p95_ms]')?.getAttribute('data-points')) >= 2,
      undefined,
      { timeout: 30_000 },
    );
    // Still running while the first points are drawn: the chart grows live, not after the fact.
    expect(await card.getAttribute('data-status')).toBe('running');
    await screenshot(page, 'cockpit-canary-running');
    await page.locator('#canaries article.canary[data-status=promoted]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() =>
      document.querySelector('#canaries article.canary .canary-decision')?.textContent?.startsWith('promote'),
    );
    expect(Number(await latency.getAttribute('data-points'))).toBeGreaterThanOrEqual(4);
    for (const metric of ['latency_p95_ms', 'error_rate', 'drift']) {
      const chart = card.locator(`svg[data-metric=${metric}]`);
      expect(await chart.locator('line.target').count(), metric).toBe(1);
      expect(await chart.locator('circle.point').count(), metric).toBeGreaterThanOrEqual(4);
      expect(await chart.locator('path.series').count(), metric).toBe(1);
    }
    expect(await card.locator('figcaption').first().textContent()).toBe(
      'p95 latency: 120 ms (target 500 ms)',
    );
    expect(await card.locator('.canary-decision').textContent()).toContain('window_elapsed');
    expect(await card.locator('button.abort').isHidden()).toBe(true);
    expect(await page.locator('#event-log li[data-type=promoted]').getAttribute('class')).toBe(
      'event success',
    );
    await screenshot(page, 'cockpit-canary-promoted');
  }, 120_000);

  it('WHY shows the narrative lines and the math of the decision', async () => {
    await page.locator('#canaries article.canary[data-status=promoted] button.why').first().click();
    await page.locator('#why-math [data-testid=why-math]').waitFor();
    const lines = await page.locator('#why-lines li').allTextContents();
    expect(lines[0]).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d\] canary lukhas-agi-v3 → stage to production \(SLO monitoring\)$/,
    );
    expect(lines.some((line) => line.includes('sample 1 ok'))).toBe(true);
    expect(lines.at(-1)).toContain('promoted lukhas-agi-v3 → production');
    const facts = await page.locator('#why-math .math-facts').textContent();
    expect(facts).toContain('window_elapsed');
    expect(facts).toContain('promote');
    expect(facts).toContain('failure limit 0, min samples 2');
    const header = await page.locator('#why-math .math-samples thead').textContent();
    expect(header).toContain('p95 ms (≤ 500)');
    expect(header).toContain('error rate (≤ 0.0500)');
    expect(await page.locator('#why-math .math-samples tbody tr').count()).toBeGreaterThanOrEqual(4);
    // No baseline, no comparisons.
    expect(await page.locator('#why-math [data-testid=why-comparisons]').count()).toBe(0);
    await screenshot(page, 'cockpit-why-canary');

    const jobWhy = page.locator('#jobs-body tr[data-status=completed] button.why').first();
    await jobWhy.click();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#why-lines li')].some((line) =>
        line.textContent?.includes('completed successfully'),
      ),
    );
    expect(await page.locator('#why-lines li').first().textContent()).toContain(
      'eval "lukhas-agi-stress" → queued',
    );
  });

  it("draws the baseline series beside the canary's, with a legend, live and from the stored samples", async () => {
    // The canary at 130/140 ms, its baseline (stage) at 95/100/105 ms, unreadable at its 4th sample.
    server.monitor.set({ modelId: 'lukhas-agi-v5', gate: 'production' }, (index) => ({
      latency_p95_ms: 130 + (index % 2) * 10,
      error_rate: 0.004,
    }));
    server.monitor.set({ modelId: 'lukhas-agi-v5', gate: 'stage' }, (index) =>
      index === 3
        ? { latency_p95_ms: null, error_rate: 0.002, reasons: { latency_p95_ms: 'stage: no series' } }
        : { latency_p95_ms: 95 + (index % 3) * 5, error_rate: 0.002 },
    );
    const started = await callTool('start_canary', {
      modelId: 'lukhas-agi-v5',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 4,
      intervalSeconds: 0.5,
      minSamples: 2,
      targets: { latency_p95_ms: 500, max_error_rate: 0.05, max_drift: 0.2 },
      baseline: { metrics: ['latency_p95_ms', 'error_rate'] },
      // Latency within its allowance (Pass); the error rate doubled, High, but a dry run.
      compare: { latency_p95_ms: { maxIncreasePct: 60 }, error_rate: { maxIncrease: 0.001 } },
      dryRun: ['error_rate'],
    });
    const canaryId = String(started.canaryId);
    const selector = `#canaries article[data-canary-id="${canaryId}"]`;
    const card = page.locator(selector);
    // Live: the metric events carry the baseline reading.
    await page.waitForFunction(
      (at) =>
        Number(
          document
            .querySelector(`${at} svg[data-metric=latency_p95_ms]`)
            ?.getAttribute('data-baseline-points'),
        ) >= 2,
      selector,
      { timeout: 30_000 },
    );
    await page.locator(`${selector}[data-status=promoted]`).waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (at) => document.querySelector(`${at} .canary-decision`)?.textContent?.startsWith('promote'),
      selector,
    );

    const stored = (await callTool('get_canary', { canaryId })) as {
      samples: { seq: number; baseline?: { gate: string; observed: { latency_p95_ms: number | null } } }[];
    };
    expect(stored.samples.length).toBe(8);
    expect(stored.samples.map((sample) => sample.baseline?.observed.latency_p95_ms)).toEqual([
      95,
      100,
      105,
      null,
      100,
      105,
      95,
      100,
    ]);

    /** What a card's charts expose: per metric, the canary's and the baseline's values and lines. */
    const chartData = (root: string) =>
      page.evaluate((at) => {
        const values = (chart: Element, points: string) =>
          [...chart.querySelectorAll(points)].map((point) => Number(point.getAttribute('data-value')));
        return Object.fromEntries(
          [...document.querySelectorAll(`${at} svg[data-metric]`)].map((chart) => [
            chart.getAttribute('data-metric'),
            {
              canary: values(chart, 'circle.point'),
              baseline: values(chart, 'circle.baseline-point'),
              lines: [...chart.querySelectorAll('path.series, path.baseline-series')].map((line) =>
                line.getAttribute('class'),
              ),
              baselinePoints: chart.getAttribute('data-baseline-points'),
            },
          ]),
        );
      }, root);
    const expected = {
      latency_p95_ms: {
        canary: [130, 140, 130, 140, 130, 140, 130, 140],
        // The unreadable 4th baseline value is left out (not drawn at its conservative 9999).
        baseline: [95, 100, 105, 100, 105, 95, 100],
        lines: ['baseline-series', 'series'],
        baselinePoints: '7',
      },
      error_rate: {
        canary: Array(8).fill(0.004),
        baseline: Array(8).fill(0.002),
        lines: ['baseline-series', 'series'],
        baselinePoints: '8',
      },
      // Not read on the baseline: the canary's series alone.
      drift: { canary: Array(8).fill(0.01), baseline: [], lines: ['series'], baselinePoints: null },
    };
    expect(await chartData(selector)).toEqual(expected);
    expect(await card.locator('.chart-legend').getAttribute('data-baseline-gate')).toBe('stage');
    expect(await card.locator('.chart-legend .legend-key').allTextContents()).toEqual([
      'canary',
      'baseline (stage)',
    ]);
    expect(await card.locator('figcaption').first().textContent()).toBe(
      'p95 latency: 140 ms, baseline 100 ms (target 500 ms)',
    );
    // Distinct colours: the canary's blue, the baseline's purple.
    const strokes = await card
      .locator(
        'svg[data-metric=latency_p95_ms] path.baseline-series, svg[data-metric=latency_p95_ms] path.series',
      )
      .evaluateAll((lines) => lines.map((line) => getComputedStyle(line).stroke));
    expect(strokes).toEqual(['rgb(105, 65, 198)', 'rgb(21, 112, 239)']);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: `${RESULTS}cockpit-canary-baseline.png` });

    // A canary without a baseline looks as it always did: no legend, no baseline series.
    const plain = page.locator('#canaries article.canary[data-status=promoted]').last();
    expect(await plain.getAttribute('data-canary-id')).not.toBe(canaryId);
    expect(await plain.locator('.chart-legend').count()).toBe(0);
    expect(await plain.locator('.baseline-series, .baseline-point, [data-baseline-points]').count()).toBe(0);

    // A new tab draws the same from the stored samples (why_math's, get_canary's), not from events.
    const fresh = await openPage(`/cockpit.html#canary=${canaryId}`);
    await fresh.fill('#key-form input[name=apiKey]', API_KEY);
    await fresh.click('#key-form button[type=submit]');
    await fresh.waitForFunction(
      (at) =>
        document.querySelector(`${at} svg[data-metric=latency_p95_ms]`)?.getAttribute('data-points') === '8',
      selector,
    );
    const freshData = await fresh.evaluate((at) => {
      const chart = document.querySelector(`${at} svg[data-metric=latency_p95_ms]`);
      return [...(chart?.querySelectorAll('circle.baseline-point') ?? [])].map((point) =>
        Number(point.getAttribute('data-value')),
      );
    }, selector);
    expect(freshData).toEqual(expected.latency_p95_ms.baseline);
    expect(await cspViolations(fresh)).toEqual([]);
    await fresh.close();
  }, 120_000);

  it('WHY shows the comparisons with the baseline per metric: U, p, shift and interval, allowance, verdict, dry run', async () => {
    const card = page.locator('#canaries article.canary', { hasText: 'lukhas-agi-v5' });
    await card.locator('button.why').click();
    const table = page.locator('#why-math [data-testid=why-comparisons]');
    await table.waitFor();
    const math = (await callTool('why_math', { id: String(await card.getAttribute('data-canary-id')) })) as {
      comparisons: { metrics: { metric: string; u: number; pWorse: number; shift: { estimate: number } }[] };
    };
    expect(await table.locator('h3').textContent()).toMatch(
      /^The canary against its baseline \(stage\), at \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'metric',
      'verdict',
      'n canary / baseline',
      'U',
      'p (worse)',
      'shift [95% interval]',
      'allowed increase',
      'decides',
    ]);
    const rows = await table.locator('tbody tr').evaluateAll((nodes) =>
      nodes.map((node) => ({
        metric: node.getAttribute('data-metric'),
        verdict: node.getAttribute('data-verdict'),
        dryRun: node.getAttribute('data-dry-run'),
        cells: [...node.querySelectorAll('td')].map((cell) => cell.textContent),
      })),
    );
    const [latency, errors] = math.comparisons.metrics;
    // The figures are why_math's, as it computed them; the page only formats them.
    expect(latency).toMatchObject({ metric: 'latency_p95_ms', u: 56, shift: { estimate: 35 } });
    expect(rows).toEqual([
      {
        metric: 'latency_p95_ms',
        verdict: 'Pass',
        dryRun: 'false',
        cells: [
          'p95 latency',
          'Pass',
          '8 / 7',
          '56',
          String(Number(latency?.pWorse.toPrecision(3))),
          expect.stringMatching(/^\+35 ms \[\+\d+(\.\d)? ms, \+\d+(\.\d)? ms\]$/),
          '+60% (+60 ms)',
          'yes',
        ],
      },
      {
        metric: 'error_rate',
        verdict: 'High',
        dryRun: 'true',
        cells: [
          'error rate',
          'High',
          '8 / 8',
          String(errors?.u),
          expect.stringMatching(/^\d/),
          expect.stringMatching(/^\+0\.2% \[/),
          '+0.1%',
          'no (dry run)',
        ],
      },
    ]);
    expect(await table.locator('tbody tr[data-verdict=High] td').nth(1).getAttribute('class')).toBe('over');
    await page.locator('#why').screenshot({ path: `${RESULTS}cockpit-why-comparisons.png` });
  });

  it('aborts a running canary from its card', async () => {
    const started = await callTool('start_canary', {
      modelId: 'lukhas-agi-v4',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 60,
      intervalSeconds: 1,
      targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
    });
    const card = page.locator(`#canaries article[data-canary-id="${String(started.canaryId)}"]`);
    await card.locator('button.abort').waitFor();
    await card.locator('button.abort').click();
    await page
      .locator(`#canaries article[data-canary-id="${String(started.canaryId)}"][data-status=rolled_back]`)
      .waitFor();
    await page.waitForFunction(
      (id) =>
        document
          .querySelector(`article[data-canary-id="${id}"] .canary-decision`)
          ?.textContent?.includes('abort'),
      String(started.canaryId),
    );
    expect(await card.getAttribute('class')).toBe('canary error');
    expect(await page.locator('#event-log li[data-type=rolled_back]').first().getAttribute('class')).toBe(
      'event error',
    );
    await screenshot(page, 'cockpit-aborted');
    expect(await cspViolations(page)).toEqual([]);
  });
});

describe('the evidence download in Chromium', STEP, () => {
  it('fetches /evidence/export with the key header and saves the zip', async () => {
    // A new tab: sessionStorage is per tab, so the key is entered again.
    const page = await openPage('/cockpit.html');
    // A wrong key is refused with a message saying so, and the prompt stays.
    await page.locator('body[data-auth=needs-key]').waitFor();
    await page.fill('#key-form input[name=apiKey]', 'not-the-key');
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.startsWith("The server refused this tab's API key"),
    );
    expect(await page.evaluate(() => document.body.dataset.auth)).toBe('needs-key');
    await page.fill('#key-form input[name=apiKey]', API_KEY);
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction(
      () => document.querySelector('#connection')?.getAttribute('data-state') === 'open',
    );
    const download = page.waitForEvent('download');
    await page.click('#evidence-form button[type=submit]');
    const saved = await download;
    expect(saved.suggestedFilename()).toMatch(/\.zip$/);
    const file = `${RESULTS}evidence.zip`;
    await saved.saveAs(file);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.startsWith('evidence saved'),
    );
    await page.close();
  });
});

describe('the SSE probe in Chromium', STEP, () => {
  it('connects to `jobs` with URL + key + topics and shows raw colour-coded events', async () => {
    const page = await openPage('/sse_probe.html');
    expect(await page.inputValue('#probe-url')).toBe(server.base);
    await page.fill('#probe-form input[name=apiKey]', API_KEY);
    await page.fill('#probe-form input[name=topics]', 'jobs');
    await page.click('#probe-connect');
    await page.waitForFunction(
      () => document.querySelector('#probe-state')?.getAttribute('data-state') === 'open',
    );
    await callTool('run_eval', { taskId: 'probe-task' });
    await page.locator('#probe-log li.event.success[data-type=completed]').waitFor({ timeout: 20_000 });
    const raw = await page.locator('#probe-log li[data-type=queued] pre').textContent();
    expect(raw).toMatch(/^id: \d+\nevent: job\ndata: \{.*"type":"queued".*probe-task/s);
    expect(await page.locator('#probe-log li[data-type=queued]').getAttribute('class')).toBe(
      'event progress',
    );
    await screenshot(page, 'sse-probe');
    expect(await cspViolations(page)).toEqual([]);
  });
});

describe('after both pages', STEP, () => {
  it('left no console error, page error or CSP violation, and never put the key in a URL', () => {
    expect(withoutKeyPrompts(problems)).toEqual([]);
    expect(requestedUrls.filter((url) => url.includes(API_KEY))).toEqual([]);
    expect(requestedUrls.some((url) => url.includes('/sse?topic=jobs&topic=canaries'))).toBe(true);
  });
});
