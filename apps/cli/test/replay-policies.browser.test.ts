/**
 * The N-policy replay report of a recorded day, in a real Chromium: `cockpit replay` with three
 * policies over six canaries (three sampled with a baseline) writes the HTML report; the page shows
 * per canary the actual decision and each policy's, and per policy the totals, with no console
 * error, page error or CSP violation. A full-page screenshot goes to test-results/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTempDirs, cspViolations, launchChromium, openWatchedPage } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit } from './cockpit-fixture.ts';
import { DAY, MODEL, POLICIES, recordDay } from './recorded-day.ts';

const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const SCREENSHOT = path.join(RESULTS, 'replay-three-policies.png');

const tempDirs = createTempDirs();
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let report: string;

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  const dir = tempDirs.make('cockpit-replay-browser-');
  const db = path.join(dir, 'day.db');
  await recordDay(db);
  const policyArgs: string[] = [];
  for (const [name, policy] of Object.entries(POLICIES)) {
    await writeFile(path.join(dir, name), JSON.stringify(policy));
    policyArgs.push('--policy', name);
  }
  report = path.join(dir, 'replay-day.html');
  const result = await cockpit(
    [
      'replay',
      '--from',
      DAY.from,
      '--to',
      DAY.to,
      '--model',
      MODEL,
      ...policyArgs,
      '--db',
      db,
      '--report',
      report,
    ],
    { cwd: dir },
  );
  expect(result.stderr).toBe(`wrote ${report}\n`);
  expect(result.code).toBe(0);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  tempDirs.removeAll();
});

describe('the N-policy replay report in Chromium', () => {
  it('shows each canary’s actual decision and every policy’s, and the totals per policy', async () => {
    if (browser === undefined) throw new Error('no browser');
    const problems: string[] = [];
    // A report is one file: any request beyond file: URLs is a problem too.
    const { page } = await openWatchedPage(browser, pathToFileURL(report).href, {
      problems,
      onRequest: (url) => {
        if (!url.startsWith('file:')) problems.push(`request: ${url}`);
      },
    });
    await expect.poll(() => page.title()).toBe('Replay of matriz-v5 under 3 policies');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const heads = await page.locator('table.policy-decisions tr').first().locator('th').allInnerTexts();
    expect(heads).toEqual([
      'canary',
      'started',
      'samples',
      'actual',
      'relaxed.json',
      'baseline-10.json',
      'budget.json',
    ]);
    const rows = await page
      .locator('table.policy-decisions tr[data-canary-id]')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.querySelectorAll('td')].map(
            (td) =>
              `${(td.querySelector('.state')?.textContent ?? td.textContent ?? '').trim()}${td.classList.contains('differs') ? ' ≠' : ''}`,
          ),
        ),
      );
    expect(rows).toEqual([
      ['canary_0200', '2025-09-28 02:00:00Z', '10', 'promoted', 'promoted', 'promoted', 'promoted'],
      ['canary_0600', '2025-09-28 06:00:00Z', '10', 'promoted', 'promoted', 'rolled back ≠', 'promoted'],
      ['canary_0930', '2025-09-28 09:30:00Z', '3', 'rolled back', 'promoted ≠', 'rolled back', 'promoted ≠'],
      ['canary_1300', '2025-09-28 13:00:00Z', '10', 'promoted', 'promoted', 'rolled back ≠', 'rolled back ≠'],
      ['canary_1745', '2025-09-28 17:45:00Z', '10', 'promoted', 'promoted', 'promoted', 'promoted'],
      ['canary_2200', '2025-09-28 22:00:00Z', '10', 'promoted', 'promoted', 'rolled back ≠', 'promoted'],
    ]);
    // The full cell as a person reads it: state, rule, time, time to decision, and a note mark.
    const regression = page.locator('tr[data-canary-id="canary_0600"] td[data-policy="baseline-10.json"]');
    expect(await regression.allInnerTexts()).toEqual([
      'rolled back (baseline_regression)\n2025-09-28 06:05:00Z · after 5m 00s',
    ]);
    const budget = page.locator('tr[data-canary-id="canary_1300"] td[data-policy="budget.json"]');
    expect(await budget.allInnerTexts()).toEqual([
      'rolled back (breach_limit)\n2025-09-28 13:00:30Z · after 30s',
    ]);
    const noBaseline = page.locator('tr[data-canary-id="canary_2200"] td[data-policy="baseline-10.json"]');
    expect((await noBaseline.allInnerTexts()).join('')).toMatch(
      /^rolled back \(insufficient_data\)\n2025-09-28 22:05:00Z · after 5m 00s\d+$/,
    );

    const totals = await page
      .locator('table.policy-totals tr[data-policy]')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
      );
    expect(totals).toEqual([
      ['actual', '6', '5', '1', '0', '—', '5m 00s'],
      ['relaxed.json', '6', '6', '0', '0', '1', '5m 00s'],
      ['baseline-10.json', '6', '2', '4', '0', '3', '5m 00s'],
      ['budget.json', '6', '5', '1', '0', '2', '5m 00s'],
    ]);
    const notes = await page.locator('ol.notes li').allInnerTexts();
    expect(
      notes.filter((note) => note.includes('no baseline sample was recorded for this canary')),
    ).toHaveLength(3);

    expect(await cspViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
