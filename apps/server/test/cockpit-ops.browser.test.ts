/**
 * The cockpit page as an on-call engineer keeps it open, in a real Chromium against the real server
 * of the MCP tests with NO API keys configured (open on loopback, the README's default): it connects
 * and follows live events with no click, a job started before the tab opened still runs to its end
 * on the page, the status line follows the canary it names; canary charts have time and value axes,
 * target lines, fallback samples marked and missing values as gaps, and a countdown; the overview
 * strip shows each model's gate, running canary and last decision; the history view filters by
 * model and status on the server, searches and pages; the event log filters by type and topic; at
 * 800 px nothing is wider than the window. Screenshots at 1440 and 800 px go to
 * test-results/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CockpitTools } from '@lukhas/mcp-cockpit-client';
import { cspViolations, launchChromium, openWatchedPage, waitFor } from '@lukhas/test-kit';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const STEP = { timeout: 90_000 };
const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));
const WIDE = { width: 1440, height: 1000 };
const NARROW = { width: 800, height: 1000 };

let browser: Browser | undefined;
let server: McpTestServer;
let tools: CockpitTools;
let page: Page;
const problems: string[] = [];
/** The `tools/call` bodies the page sent, to see which filters went to the server. */
const toolCalls: string[] = [];

async function shoot(target: Page | Locator, name: string): Promise<void> {
  const path = `${SCREENSHOTS}${name}.png`;
  if ('goto' in target) await target.screenshot({ path, fullPage: true });
  else await target.screenshot({ path });
}

function cardOf(canaryId: string): Locator {
  return page.locator(`#canaries article[data-canary-id="${canaryId}"]`);
}

/** Starts a canary through the SDK (no key: the server has none), as a second operator would. */
async function startCanary(args: Record<string, unknown>): Promise<string> {
  const started = await tools.callTool<{ canaryId: string }>('start_canary', {
    fromGate: 'stage',
    toGate: 'production',
    intervalSeconds: 0.5,
    ...args,
  });
  return started.canaryId;
}

/** Which lines of the event log are visible, as `type topic`. */
function visibleLogLines(): Promise<string[]> {
  return page
    .locator('#event-log li')
    .evaluateAll((items) =>
      items
        .filter((item) => !(item as HTMLElement).hidden)
        .map((item) => `${item.getAttribute('data-type')} ${item.getAttribute('data-topic')}`),
    );
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  // No LUKHAS_MCP_API_KEYS: open on loopback. A demo eval of about 4 s, so a job started before
  // the tab opens is still running while the page connects.
  server = await startMcpTestServer({ demo: { steps: 8, stepMs: 500 } });
  tools = new CockpitTools(server.base);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the cockpit with no keys configured', STEP, () => {
  it('connects at load with no click, and a job started before the tab opened runs to its end on the page', async () => {
    if (browser === undefined) throw new Error('no browser');
    const job = await tools.callTool<{ jobId: string }>('run_eval', { taskId: 'before-the-tab' });
    const opened = await openWatchedPage(browser, `${server.base}/cockpit.html`, {
      problems,
      viewport: WIDE,
    });
    page = opened.page;
    page.on('request', (request) => {
      const body = request.postData();
      if (request.url().endsWith('/mcp') && body?.includes('"tools/call"')) toolCalls.push(body);
    });
    expect(opened.response?.status()).toBe(200);
    // No fill, no click: the stream opens by itself.
    await page.waitForFunction(
      () => document.querySelector('#connection')?.getAttribute('data-state') === 'open',
    );
    expect(await page.locator('#key-state').textContent()).toBe('no key in this tab');
    expect(await page.evaluate(() => document.body.dataset.auth)).toBeUndefined();
    const row = page.locator(`#jobs-body tr[data-job-id="${job.jobId}"]`);
    await page.locator(`#jobs-body tr[data-job-id="${job.jobId}"][data-status=completed]`).waitFor({
      timeout: 30_000,
    });
    expect(await row.locator('progress').evaluate((node) => (node as HTMLProgressElement).value)).toBe(1);

    // Live events with no click: a job started now shows up in the log as it goes.
    const live = await tools.callTool<{ jobId: string }>('run_eval', { taskId: 'live-task' });
    await page
      .locator(`#event-log li[data-topic="job/${live.jobId}"][data-type=completed]`)
      .waitFor({ timeout: 30_000 });
    expect(
      await page.locator(`#event-log li[data-topic="job/${live.jobId}"][data-type=queued]`).count(),
    ).toBe(1);
  });

  it('keeps the status line on the canary it names: "started" gives way to its rollback', async () => {
    await page.fill('#canary-form input[name=modelId]', 'ops-status');
    await page.fill('#canary-form input[name=windowSeconds]', '120');
    await page.fill('#canary-form input[name=intervalSeconds]', '0.5');
    await page.click('#canary-form button[type=submit]');
    // The line names the canary it started, and from then on follows it.
    await page.locator('#status[data-entity-id^="canary_"]').waitFor();
    const canaryId = String(await page.locator('#status').getAttribute('data-entity-id'));
    expect(canaryId).toMatch(/^canary_/);
    await tools.abortCanary({ canaryId, reason: 'status line test' });
    await page.waitForFunction(
      (id) => document.querySelector('#status')?.textContent?.startsWith(`${id} rolled_back`),
      canaryId,
    );
    expect(await page.locator('#status').getAttribute('class')).toBe('status error');
    expect(await page.locator('#status').textContent()).not.toContain('started');
  });
});

describe('canary charts', STEP, () => {
  let canaryId: string;

  it('draws time and value axes with labels, the target line, a fallback cross, a gap, and counts down', async () => {
    // The 3rd sample cannot read latency (a fallback: judged at 9999 ms, a breach the limit allows).
    server.monitor.set({ modelId: 'ops-charts', gate: 'production' }, (index) =>
      index === 2
        ? { latency_p95_ms: null, reasons: { latency_p95_ms: 'prometheus unreachable: ECONNREFUSED' } }
        : { latency_p95_ms: 180 + (index % 3) * 40, error_rate: 0.004 + (index % 2) * 0.002 },
    );
    canaryId = await startCanary({
      modelId: 'ops-charts',
      windowSeconds: 20,
      failureLimit: 2,
      targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
    });
    const card = cardOf(canaryId);
    const latency = card.locator('svg[data-metric=latency_p95_ms]');
    await page.waitForFunction(
      (id) =>
        Number(
          document
            .querySelector(`article[data-canary-id="${id}"] svg[data-metric=latency_p95_ms]`)
            ?.getAttribute('data-points'),
        ) >= 10,
      canaryId,
      { timeout: 30_000 },
    );
    // The unread sample is a cross on the top edge, not a point at 9999, and the line breaks there.
    expect(await latency.getAttribute('data-fallback-points')).toBe('1');
    expect(await latency.locator('.fallback-marker').getAttribute('data-seq')).toBe('3');
    expect(await latency.locator('circle.point[data-seq="3"]').count()).toBe(0);
    const moves = (await latency.locator('path.series').getAttribute('d'))?.match(/M/g)?.length;
    expect(moves).toBe(2);
    const valueTicks = await latency.locator('.value-tick').allTextContents();
    expect(valueTicks[0]).toBe('0');
    // Scaled to the target and the real values, not to the conservative 9999.
    expect(Number(valueTicks.at(-1))).toBeLessThan(1000);
    expect(Number(valueTicks.at(-1))).toBeGreaterThanOrEqual(500);
    // The time axis spans the whole 20 s window from its start.
    const timeTicks = await latency.locator('.time-tick-label').allTextContents();
    expect(timeTicks[0]).toBe('0s');
    expect(timeTicks.at(-1)).toBe('20s');
    expect(await latency.locator('.target-label').textContent()).toBe('target 500 ms');
    expect(await card.locator('.chart-legend .legend-fallback').textContent()).toBe('no reading (fallback)');
    // Drift is not targeted, so not read: no point at 0, a dash in the caption.
    const drift = card.locator('svg[data-metric=drift]');
    expect(await drift.getAttribute('data-points')).toBe('0');
    expect(await drift.locator('circle').count()).toBe(0);
    expect(await card.locator('figcaption').nth(2).textContent()).toBe('drift: – (no target)');
    expect(await drift.locator('.empty-note').textContent()).toBe('not read: no target for this metric');
    // The countdown moves on by itself.
    const countdown = card.locator('.countdown');
    const first = String(await countdown.textContent());
    expect(first).toMatch(/^window \d+s of 20s · decides in \d+s$/);
    await page.waitForFunction(
      ({ id, before }) =>
        document.querySelector(`article[data-canary-id="${id}"] .countdown`)?.textContent !== before,
      { id: canaryId, before: first },
    );
    expect(await card.getAttribute('data-status')).toBe('running');
    await card.scrollIntoViewIfNeeded();
    await shoot(card, 'canary-axes-countdown-1440');
  });

  it('shows a paused canary with its ladder, Promote and Promote fully', async () => {
    const pausedId = await startCanary({
      modelId: 'ops-ladder',
      windowSeconds: 600,
      targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
      steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { setWeight: 100 }],
    });
    const card = cardOf(pausedId);
    await page.locator(`#canaries article[data-canary-id="${pausedId}"][data-status=paused]`).waitFor();
    await page.waitForFunction(
      (id) =>
        Number(
          document
            .querySelector(`article[data-canary-id="${id}"] svg[data-metric=latency_p95_ms]`)
            ?.getAttribute('data-points'),
        ) >= 3,
      pausedId,
    );
    expect(await card.locator('.ladder-summary').textContent()).toBe(
      '20% to production · step 2 of 4: paused, waiting for Promote',
    );
    expect(await card.locator('button.promote').isVisible()).toBe(true);
    expect(await card.locator('button.promote-full').isVisible()).toBe(true);
    expect(await card.locator('.countdown').textContent()).toMatch(
      /^window \d+s of 10m · rolls back unless the steps finish in 9m \d+s$/,
    );
    await card.scrollIntoViewIfNeeded();
    await shoot(card, 'canary-paused-ladder-1440');
  });

  it('counts down a timed pause of a canary with steps, from the event that began it and from the server', async () => {
    const timedId = await startCanary({
      modelId: 'ops-timed',
      windowSeconds: 600,
      targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
      steps: [{ setWeight: 25 }, { pause: { seconds: 300 } }, { setWeight: 100 }],
    });
    const countdownOf = (target: Page) =>
      target.waitForFunction(
        (id) =>
          document
            .querySelector(`article[data-canary-id="${id}"] .countdown`)
            ?.textContent?.match(/^window \d+s of 10m · pause 300s: next step in (4m \d+s|5m)$/),
        timedId,
      );
    await countdownOf(page);
    // A new tab, where the event that began the pause is past: why_math's timeline tells.
    if (browser === undefined) throw new Error('no browser');
    const { page: fresh } = await openWatchedPage(browser, `${server.base}/cockpit.html`, { problems });
    await countdownOf(fresh);
    await fresh.close();
    await tools.abortCanary({ canaryId: timedId, reason: 'countdown seen' });
  });

  it('shows the overview: each model with its gate, the running canary and the last decision', async () => {
    // One model promoted, so one tile holds production and says so.
    const promotedId = await startCanary({
      modelId: 'ops-promoted',
      windowSeconds: 2,
      minSamples: 2,
      targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
    });
    await expect
      .poll(async () => (await tools.getCanary({ canaryId: promotedId })).status, { timeout: 30_000 })
      .toBe('promoted');
    const tile = (modelId: string) => page.locator(`#overview .model-tile[data-model-id="${modelId}"]`);
    await page
      .locator('#overview .model-tile[data-model-id=ops-promoted][data-last-status=promoted]')
      .waitFor();
    expect(await tile('ops-promoted').getAttribute('data-gate')).toBe('production');
    expect(await tile('ops-promoted').locator('.model-running').textContent()).toBe('no canary running');
    expect(await tile('ops-promoted').locator('.model-last').textContent()).toMatch(
      /^last: promoted \(window_elapsed\) \d+s ago$/,
    );
    expect(await tile('ops-charts').getAttribute('data-gate')).toBe('stage');
    expect(await tile('ops-charts').getAttribute('data-running')).toBe(canaryId);
    expect(await tile('ops-ladder').locator('.model-running').textContent()).toMatch(
      /^paused stage → production · 20% canary_/,
    );
    expect(await tile('ops-status').getAttribute('data-last-status')).toBe('rolled_back');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}overview-1440.png` });
  });
});

describe('the history view', STEP, () => {
  const historyIds: string[] = [];

  beforeAll(async () => {
    // 12 canaries of one model, each rolled back at its first sample (p95 ≈ 120 ms > 50 ms); one
    // at a time, as a model runs one canary at a time.
    for (let index = 0; index < 12; index += 1) {
      const canaryId = await startCanary({
        modelId: 'ops-history',
        windowSeconds: 30,
        targets: { latency_p95_ms: 50 },
      });
      historyIds.push(canaryId);
      await waitFor(async () => (await tools.getCanary({ canaryId })).status === 'rolled_back', {
        timeoutMs: 30_000,
        intervalMs: 100,
        message: () => `canary ${canaryId} of ops-history to roll back`,
      });
    }
  }, 60_000);

  it('shows one model from its overview tile, pages through its canaries, and filters by status on the server', async () => {
    await page.locator('#overview .model-tile[data-model-id=ops-history] button.model-history').click();
    const rows = page.locator('#history-body tr');
    await expect.poll(() => rows.count()).toBe(10);
    expect(await page.locator('#history-form select[name=modelId]').inputValue()).toBe('ops-history');
    // Newest first, as the server lists them.
    expect(await rows.first().getAttribute('data-canary-id')).toBe(historyIds.at(-1));
    expect(await page.locator('#history-page').textContent()).toBe('1–10');
    expect(await page.locator('#history-newer').isDisabled()).toBe(true);
    await page.click('#history-older');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.locator('#history-page').textContent()).toBe('11–12 of 12');
    expect(
      await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-canary-id'))),
    ).toEqual(historyIds.slice(0, 2).reverse());
    expect(await page.locator('#history-older').isDisabled()).toBe(true);

    await page.selectOption('#history-form select[name=status]', 'promoted');
    await expect.poll(() => page.locator('#history-page').textContent()).toBe('nothing matches');
    await page.selectOption('#history-form select[name=status]', 'rolled_back');
    await expect.poll(() => page.locator('#history-page').textContent()).toBe('1–10');
    expect(
      await rows.evaluateAll((items) => [...new Set(items.map((item) => item.getAttribute('data-status')))]),
    ).toEqual(['rolled_back']);
    // The filters went to the server with the tool call.
    expect(
      toolCalls.some(
        (body) =>
          body.includes('"list_canaries"') &&
          body.includes('"modelId":"ops-history"') &&
          body.includes('"status":"rolled_back"'),
      ),
    ).toBe(true);
    await page.locator('#history').scrollIntoViewIfNeeded();
    await shoot(page.locator('#history'), 'history-filtered-1440');
  });

  it('searches by id, and lists jobs by status', async () => {
    const wanted = String(historyIds[4]);
    await page.fill('#history-search', wanted.slice(-6));
    await expect.poll(() => page.locator('#history-body tr').count()).toBe(1);
    expect(await page.locator('#history-body tr').getAttribute('data-canary-id')).toBe(wanted);
    expect(await page.locator('#history-page').textContent()).toBe('1–1 of 1');
    // A row opens its canary's card, even one not among those listed on the page.
    await page.locator('#history-body tr a').click();
    await page.locator(`#canaries article[data-canary-id="${wanted}"][data-linked=true]`).waitFor();

    await page.fill('#history-search', '');
    await page.selectOption('#history-form select[name=kind]', 'jobs');
    await page.selectOption('#history-form select[name=status]', 'completed');
    await expect.poll(() => page.locator('#history-body tr').count()).toBe(2);
    expect(await page.locator('#history-form select[name=modelId]').isDisabled()).toBe(true);
    expect(
      await page
        .locator('#history-body tr')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-status'))),
    ).toEqual(['completed', 'completed']);
  });
});

describe('the event log filter', STEP, () => {
  it('shows one type, or the topics holding a text, and everything again once cleared', async () => {
    const all = (await visibleLogLines()).length;
    await page.selectOption('#log-filter select[name=type]', 'rolled_back');
    const rolledBack = await visibleLogLines();
    expect(rolledBack.length).toBeGreaterThanOrEqual(13);
    expect(rolledBack.every((line) => line.startsWith('rolled_back canary/'))).toBe(true);
    // Samples of the canaries still running keep arriving, hidden, under the filter.
    expect(await page.locator('#log-count').textContent()).toMatch(
      new RegExp(`^${rolledBack.length} of \\d+ shown$`),
    );
    await page.selectOption('#log-filter select[name=type]', '');
    await page.fill('#log-filter input[name=topic]', 'job/');
    const jobs = await visibleLogLines();
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((line) => line.split(' ')[1]?.startsWith('job/'))).toBe(true);
    await page.selectOption('#log-filter select[name=type]', 'completed');
    expect(await visibleLogLines()).toEqual(jobs.filter((line) => line.startsWith('completed ')));
    await page.fill('#log-filter input[name=topic]', '');
    await page.selectOption('#log-filter select[name=type]', '');
    expect((await visibleLogLines()).length).toBeGreaterThanOrEqual(all);
    expect(await page.locator('#log-count').textContent()).toBe('');
  });
});

describe('at 800 px', STEP, () => {
  it('lays the page out in one column with nothing wider than the window', async () => {
    // The page stays short: the 12 rolled-back canaries of ops-history live in the history, and
    // only the newest decided ones (and the one opened from a link) keep a card.
    const decidedCards = page.locator(
      '#canaries article.canary[data-status=promoted], #canaries article.canary[data-status=rolled_back]',
    );
    expect(await decidedCards.count()).toBeLessThanOrEqual(7);
    await page.setViewportSize(NARROW);
    await page.evaluate(() => window.scrollTo(0, 0));
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.viewport).toBe(800);
    expect(widths.document).toBeLessThanOrEqual(widths.viewport);
    expect(widths.body).toBeLessThanOrEqual(widths.viewport);
    // Every chart fits inside its card.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart')]
        .filter((chart) => chart.getBoundingClientRect().right > window.innerWidth)
        .map((chart) => chart.closest('article')?.getAttribute('data-canary-id')),
    );
    expect(overflowing).toEqual([]);
    await shoot(page, 'layout-800');
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.selectOption('#history-form select[name=kind]', 'canaries');
    await page.selectOption('#history-form select[name=modelId]', 'ops-history');
    await page.selectOption('#history-form select[name=status]', 'rolled_back');
    await expect.poll(() => page.locator('#history-body tr[data-status=rolled_back]').count()).toBe(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
    await page.locator('#history').scrollIntoViewIfNeeded();
    await shoot(page.locator('#history'), 'history-filtered-800');
    const paused = page.locator('#canaries article.canary[data-status=paused]').first();
    await paused.scrollIntoViewIfNeeded();
    await shoot(paused, 'canary-paused-ladder-800');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SCREENSHOTS}overview-800.png` });
    await page.setViewportSize(WIDE);
    await shoot(page, 'layout-1440');
  });

  it('left no console error, page error or CSP violation (and never asked for a key)', async () => {
    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.evaluate(() => document.body.dataset.auth)).toBeUndefined();
  });
});
