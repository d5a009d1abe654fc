/**
 * The traffic ladder of a canary with steps on the cockpit page, in a real Chromium against the real
 * server of the MCP tests (stub SLO monitor, healthy samples, no traffic router): started from the
 * form with a steps field, it shows 20 % current and the canary paused; Promote resumes it and the
 * ladder runs to `promoted` (rule steps_completed); a refused promotion is shown on the ladder; a
 * `#canary=<id>` link opens that canary; a read-only key sees the server's refusal of Promote and
 * Abort inline. No console error, page error or CSP violation.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CockpitTools } from '@lukhas/mcp-cockpit-client';
import { cspViolations, launchChromium, openWatchedPage } from '@lukhas/test-kit';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpTestServer, startMcpTestServer } from './mcp-test-server.ts';

const STEP = { timeout: 60_000 };
const API_KEY = 'cockpit-ladder-key';
const READ_KEY = 'cockpit-ladder-read-key';
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { setWeight: 100 }];
// Long enough that the window never ends the pause while the test looks at it.
const WINDOW_SECONDS = 600;

let browser: Browser | undefined;
let server: McpTestServer;
const problems: string[] = [];
let tools: CockpitTools;

async function openCockpit(hash = '', apiKey = API_KEY): Promise<Page> {
  if (browser === undefined) throw new Error('no browser');
  const { page, response } = await openWatchedPage(browser, `${server.base}/cockpit.html${hash}`, {
    problems,
  });
  expect(response?.status()).toBe(200);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.fill('#key-form input[name=apiKey]', apiKey);
  await page.click('#key-form button[type=submit]');
  await page.waitForFunction(
    () => document.querySelector('#connection')?.getAttribute('data-state') === 'open',
  );
  return page;
}

/**
 * The problems, less the one line Chromium logs for the 401 that makes a keyless tab ask for the
 * key (the page reads the server once at load and asks for a key only when it is refused).
 */
function withoutKeyPrompts(lines: readonly string[]): string[] {
  return lines.filter((line) => !line.endsWith('the server responded with a status of 401 (Unauthorized)'));
}

function cardOf(page: Page, canaryId: string): Locator {
  return page.locator(`#canaries article[data-canary-id="${canaryId}"]`);
}

/** Each ladder row as `label:state`. */
async function rows(card: Locator): Promise<string[]> {
  return card
    .locator('.ladder-step')
    .evaluateAll((items) =>
      items.map(
        (item) => `${item.querySelector('.ladder-label')?.textContent}:${item.getAttribute('data-state')}`,
      ),
    );
}

async function startPausedCanary(modelId: string, steps: readonly object[]): Promise<string> {
  const started = await tools.callTool<{ canaryId: string }>('start_canary', {
    modelId,
    fromGate: 'stage',
    toGate: 'production',
    windowSeconds: WINDOW_SECONDS,
    intervalSeconds: 0.5,
    targets: { latency_p95_ms: 500, max_error_rate: 0.05 },
    steps,
  });
  return started.canaryId;
}

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  server = await startMcpTestServer({ env: { LUKHAS_MCP_API_KEYS: `${API_KEY},${READ_KEY}:read` } });
  tools = new CockpitTools(server.base, API_KEY);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the step ladder in Chromium', STEP, () => {
  let page: Page;

  beforeAll(async () => {
    page = await openCockpit();
  }, 60_000);

  it('refuses malformed steps JSON in the canary form with a clear message and starts nothing', async () => {
    await page.fill('#canary-form input[name=modelId]', 'ladder-model');
    await page.fill('#canary-form textarea[name=steps]', '[{"setWeight":20},');
    await page.click('#canary-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#status')?.classList.contains('error'));
    expect(await page.locator('#status').textContent()).toMatch(/^steps: not valid JSON \(.+\)/);
    expect(await page.locator('#canary-form textarea[name=steps]').getAttribute('aria-invalid')).toBe('true');
    expect((await tools.listCanaries({ modelId: 'ladder-model' })).canaries).toEqual([]);
  });

  it('starts a canary with steps from the form: 20 % current, paused, Promote and Promote fully offered', async () => {
    await page.fill('#canary-form input[name=windowSeconds]', String(WINDOW_SECONDS));
    await page.fill('#canary-form input[name=intervalSeconds]', '0.5');
    await page.fill('#canary-form input[name=latency_p95_ms]', '500');
    await page.fill('#canary-form input[name=max_error_rate]', '0.05');
    await page.fill('#canary-form textarea[name=steps]', JSON.stringify(STEPS));
    await page.click('#canary-form button[type=submit]');
    const paused = page.locator('#canaries article.canary[data-status=paused]');
    await paused.waitFor({ timeout: 30_000 });
    expect(await page.locator('#canary-form textarea[name=steps]').getAttribute('aria-invalid')).toBe(
      'false',
    );
    const canaryId = String(await paused.getAttribute('data-canary-id'));
    const card = cardOf(page, canaryId);
    expect((await tools.getCanary({ canaryId })).status).toBe('paused');
    expect(await rows(card)).toEqual([
      '20%:done',
      'pause until promoted:current',
      '60%:pending',
      '100%:pending',
    ]);
    expect(await card.locator('.ladder').getAttribute('data-weight')).toBe('20');
    expect(await card.locator('.ladder-summary').textContent()).toBe(
      '20% to production · step 2 of 4: paused, waiting for Promote',
    );
    expect(await card.locator('.ladder-step[aria-current=step] .ladder-label').textContent()).toBe(
      'pause until promoted',
    );
    const promote = card.getByRole('button', { name: `Promote ladder-model ${canaryId} to the next step` });
    const promoteFully = card.getByRole('button', { name: /^Promote fully ladder-model/ });
    expect(await promote.isVisible()).toBe(true);
    expect(await promoteFully.isVisible()).toBe(true);
    expect(await card.locator('button.abort').isVisible()).toBe(true);
    // Healthy samples keep coming while it waits for a person, and it stays paused.
    await page.waitForFunction(
      (id) =>
        Number(
          document
            .querySelector(`article[data-canary-id="${id}"] svg[data-metric=latency_p95_ms]`)
            ?.getAttribute('data-points'),
        ) >= 2,
      canaryId,
      { timeout: 30_000 },
    );
    expect(await card.getAttribute('data-status')).toBe('paused');
    await page.screenshot({ path: `${RESULTS}cockpit-ladder-paused.png`, fullPage: true });

    await promote.click();
    await page.locator(`#canaries article[data-canary-id="${canaryId}"][data-status=promoted]`).waitFor();
    await page.waitForFunction(
      (id) =>
        document
          .querySelector(`article[data-canary-id="${id}"] .canary-decision`)
          ?.textContent?.includes('steps_completed'),
      canaryId,
    );
    expect(await rows(card)).toEqual(['20%:done', 'pause until promoted:done', '60%:done', '100%:done']);
    expect(await card.locator('.ladder').getAttribute('data-weight')).toBe('100');
    expect(await card.locator('.ladder-summary').textContent()).toBe(
      '100% to production · all 4 steps done: promoted',
    );
    expect(await promote.isVisible()).toBe(false);
    expect(await card.locator('.ladder-error').isVisible()).toBe(false);
    const decided = await tools.getCanary({ canaryId });
    expect(decided).toMatchObject({ status: 'promoted', decision: { rule: 'steps_completed' } });
    expect(decided.traffic?.promotions.map((promotion) => promotion.full)).toEqual([false]);
    const types = await page
      .locator(`#event-log li[data-topic="canary/${canaryId}"]`)
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-type')).reverse());
    expect(types.filter((type) => type !== 'metric')).toEqual(
      expect.arrayContaining(['started', 'step', 'paused', 'resumed', 'promoted']),
    );
    await page.screenshot({ path: `${RESULTS}cockpit-ladder-promoted.png`, fullPage: true });
  }, 120_000);

  it('shows a refused promotion on the ladder: another operator aborted the canary first', async () => {
    const canaryId = await startPausedCanary('ladder-refused', [
      { setWeight: 10 },
      { pause: {} },
      { setWeight: 100 },
    ]);
    const card = cardOf(page, canaryId);
    await page.locator(`#canaries article[data-canary-id="${canaryId}"][data-status=paused]`).waitFor();
    // The abort lands between the click and the server reading the promotion: the server's real
    // answer to a decided canary comes back to the page.
    await page.route('**/mcp', async (route) => {
      if (route.request().postData()?.includes('"promote_canary"')) {
        await tools.abortCanary({ canaryId, reason: 'another operator' });
      }
      await route.continue();
    });
    await card.locator('button.promote-full').click();
    const error = card.locator('.ladder-error');
    await error.waitFor();
    await page.unroute('**/mcp');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toMatch(/^promote fully failed: .*decided/);
    await page.locator(`#canaries article[data-canary-id="${canaryId}"][data-status=rolled_back]`).waitFor();
    await page.waitForFunction(
      (id) =>
        document.querySelector(`article[data-canary-id="${id}"] .ladder`)?.getAttribute('data-status') ===
        'rolled_back',
      canaryId,
    );
    // The rows follow the rollback's events (the final step to 0, then rolled_back) as they arrive.
    await expect.poll(() => rows(card)).toEqual(['10%:done', 'pause until promoted:stopped', '100%:pending']);
    expect(await card.locator('button.promote').isVisible()).toBe(false);
    // Still there once the card shows the rollback: the error is never dropped.
    expect(await error.isVisible()).toBe(true);
    expect((await tools.getCanary({ canaryId })).decision?.rule).toBe('abort');
  });

  it('left no console error, page error or CSP violation', async () => {
    expect(await cspViolations(page)).toEqual([]);
    expect(withoutKeyPrompts(problems)).toEqual([]);
  });
});

describe('the #canary=<id> link in Chromium', STEP, () => {
  it('opens the linked canary, even one not among those listed, with its ladder', async () => {
    const canaryId = await startPausedCanary('ladder-linked', STEPS);
    await expect
      .poll(async () => (await tools.getCanary({ canaryId })).status, { timeout: 30_000 })
      .toBe('paused');
    // Enough newer canaries that the linked one is not among the 20 the page lists.
    for (let index = 0; index < 20; index += 1) {
      await tools.callTool('start_canary', {
        modelId: `filler-${index}`,
        fromGate: 'stage',
        toGate: 'production',
        windowSeconds: WINDOW_SECONDS,
        intervalSeconds: 60,
        targets: { latency_p95_ms: 500 },
      });
    }
    const page = await openCockpit(`#canary=${encodeURIComponent(canaryId)}`);
    const card = cardOf(page, canaryId);
    await page.locator(`#canaries article[data-canary-id="${canaryId}"][data-linked=true]`).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-canary-id'))).toBe(canaryId);
    expect(await card.getAttribute('data-status')).toBe('paused');
    expect(await rows(card)).toEqual([
      '20%:done',
      'pause until promoted:current',
      '60%:pending',
      '100%:pending',
    ]);
    expect(await page.locator('#status').textContent()).toBe(`opened canary ${canaryId} from the link`);
    expect(await card.locator('button.promote').isVisible()).toBe(true);

    await page.evaluate(() => {
      location.hash = '#canary=canary_nope';
    });
    await page.waitForFunction(() => document.querySelector('#status')?.classList.contains('error'));
    expect(await page.locator('#status').textContent()).toMatch(
      /^cannot open canary canary_nope from the link: /,
    );
    expect(await cspViolations(page)).toEqual([]);
    expect(withoutKeyPrompts(problems)).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('a read-only key in Chromium', STEP, () => {
  it('shows the refusal of Promote on the ladder and of Abort in the status line; the canary stays paused', async () => {
    const canaryId = await startPausedCanary('ladder-read-only', [
      { setWeight: 10 },
      { pause: {} },
      { setWeight: 100 },
    ]);
    const page = await openCockpit(`#canary=${encodeURIComponent(canaryId)}`, READ_KEY);
    const card = cardOf(page, canaryId);
    await page.locator(`#canaries article[data-canary-id="${canaryId}"][data-status=paused]`).waitFor();

    await card.locator('button.promote-full').click();
    const error = card.locator('.ladder-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      'promote fully failed: promote_canary needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]',
    );
    await card.locator('button.abort').click();
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent?.includes('abort_canary'),
    );
    expect(await page.locator('#status').textContent()).toBe(
      'abort_canary needs the operate scope; this key is read-only [FORBIDDEN_SCOPE]',
    );
    const canary = await tools.getCanary({ canaryId });
    expect(canary).toMatchObject({ status: 'paused', traffic: { weight: 10, promotions: [] } });
    expect(await card.getAttribute('data-status')).toBe('paused');
    expect(await cspViolations(page)).toEqual([]);
    expect(withoutKeyPrompts(problems)).toEqual([]);
    await page.close();
    await tools.abortCanary({ canaryId, reason: 'test over' });
  }, 120_000);
});
