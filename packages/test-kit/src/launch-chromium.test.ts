import { describe, expect, it } from 'vitest';
import { launchChromium } from './launch-chromium.ts';

describe('launchChromium', { timeout: 120_000 }, () => {
  it('launches the system Chromium headless and renders a page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">kit</p>');
      expect(await page.textContent('#x')).toBe('kit');
    } finally {
      await browser.close();
    }
  });

  it('says how to install Chromium when it is missing', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(
      /Chromium is missing at \/nonexistent\/chromium: install it with `apt-get install -y chromium`/,
    );
  });
});
