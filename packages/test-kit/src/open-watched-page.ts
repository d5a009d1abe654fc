/**
 * `openWatchedPage()`: a Chromium tab that writes down what went wrong on it (console errors, page
 * errors) and collects the page's CSP violations, for the browser tests that end by asserting a page
 * had none. Written once, so each browser test does not set up its own listeners.
 */
import type { Browser, Page, Response } from 'playwright-core';

/** What `openWatchedPage` is told: where to write problems, and what to see of each request. */
export interface OpenWatchedPageOptions {
  /** Each console error and page error is pushed here, as `console.error: …` or `page error: …`. */
  readonly problems: string[];
  /** Put before each problem (a page's path), when one list gathers several pages. */
  readonly label?: string;
  /** Called with the URL of every request the page makes, from the first (the page itself). */
  readonly onRequest?: (url: string) => void;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** A watched page and the answer to its first navigation (`null` for a `file:` URL). */
export interface WatchedPage {
  readonly page: Page;
  readonly response: Response | null;
}

/** The property the init script keeps the violations in; not a global type, so no test has to declare it. */
type CspWindow = typeof globalThis & { cspViolations: string[] };

const DEFAULT_VIEWPORT = { width: 1400, height: 1000 } as const;

/**
 * Opens `url` in a new tab of `browser`, listening for problems before the page's first script runs.
 *
 * @example
 * const problems: string[] = [];
 * const { page, response } = await openWatchedPage(browser, `${server.base}/cockpit.html`, { problems });
 * expect(response?.status()).toBe(200);
 * // … drive the page …
 * expect(await cspViolations(page)).toEqual([]);
 * expect(problems).toEqual([]);
 */
export async function openWatchedPage(
  browser: Browser,
  url: string,
  options: OpenWatchedPageOptions,
): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: options.viewport ?? DEFAULT_VIEWPORT });
  // An init script, so a violation during the first load is caught too.
  await page.addInitScript(() => {
    const watched = globalThis as CspWindow;
    watched.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      watched.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const prefix = options.label === undefined ? '' : `${options.label} `;
  page.on('console', (message) => {
    if (message.type() === 'error') options.problems.push(`${prefix}console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => options.problems.push(`${prefix}page error: ${error.message}`));
  const { onRequest } = options;
  if (onRequest !== undefined) page.on('request', (request) => onRequest(request.url()));
  const response = await page.goto(url);
  return { page, response };
}

/** The CSP violations a page opened by `openWatchedPage` has seen so far, as `directive blockedURI`. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as CspWindow).cspViolations);
}
