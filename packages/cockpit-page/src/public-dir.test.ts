import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cockpitPublicDir } from './public-dir.ts';

// The server serves `/cockpit/<file>` from this folder and the two pages at their names; the
// browser test of the pages as served lives with the server (apps/server/test/cockpit.browser.test.ts).
describe('cockpitPublicDir', () => {
  it('is the absolute public folder, with its trailing separator, holding both pages', () => {
    expect(path.isAbsolute(cockpitPublicDir)).toBe(true);
    expect(cockpitPublicDir.endsWith(path.sep)).toBe(true);
    for (const page of ['cockpit.html', 'sse_probe.html', 'cockpit.css']) {
      expect(existsSync(path.join(cockpitPublicDir, page)), page).toBe(true);
    }
  });

  it('holds every /cockpit/ asset the pages link and every module the scripts import from their folder', () => {
    const missing: string[] = [];
    for (const page of ['cockpit.html', 'sse_probe.html']) {
      const html = readFileSync(path.join(cockpitPublicDir, page), 'utf8');
      for (const [, asset] of html.matchAll(/(?:src|href)="\/cockpit\/([^"]+)"/g)) {
        if (!existsSync(path.join(cockpitPublicDir, asset ?? ''))) missing.push(`${page}: ${asset}`);
      }
    }
    const scripts = path.join(cockpitPublicDir, 'js');
    for (const script of readdirSync(scripts).filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(path.join(scripts, script), 'utf8');
      for (const [, target] of code.matchAll(/from '(\.\/[^']+)'/g)) {
        if (!existsSync(path.join(scripts, target ?? ''))) missing.push(`${script}: ${target}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
