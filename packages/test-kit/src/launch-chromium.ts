/**
 * `launchChromium()`: the system's Chromium (Debian's `/usr/bin/chromium`, or `CHROMIUM_PATH`),
 * headless, driven by playwright-core. The tests never download a browser.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where Chromium is looked for: `CHROMIUM_PATH`, else Debian's package. */
export const CHROMIUM_PATH: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless, no sandbox (containers), and nothing that calls home or updates itself. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * Launches Chromium; rejects with how to install it when it is missing.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(`${server.url}/cockpit.html`);
 * await browser.close();
 */
export async function launchChromium(options: { readonly executablePath?: string } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH); this test never downloads a browser`,
    );
  }
  // Loaded here, so a test that never opens a browser does not load playwright.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
}
