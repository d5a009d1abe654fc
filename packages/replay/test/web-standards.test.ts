/**
 * The library runs anywhere the CLI or a browser does: Web Standards only, and nothing in it
 * reads a clock or a random source (a report must not depend on when it was made).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const sourceDirectory = new URL('../src/', import.meta.url);
const sources = readdirSync(sourceDirectory)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .map((name) => ({ name, text: readFileSync(new URL(name, sourceDirectory), 'utf8') }));

describe('src/', () => {
  it('has library files to check', () => {
    expect(sources.map((source) => source.name)).toContain('replay-window.ts');
  });

  it.each(['node:', "from 'fs'", 'process.', 'Buffer', 'require('])('never uses %s', (needle) => {
    expect(sources.filter((source) => source.text.includes(needle)).map((source) => source.name)).toEqual([]);
  });

  it('never reads the clock or a random source', () => {
    const patterns = [/new Date\(\)/, /Date\.now\(/, /Math\.random\(/, /performance\.now\(/, /crypto\./];
    const offenders = sources.filter((source) => patterns.some((pattern) => pattern.test(source.text)));
    expect(offenders.map((source) => source.name)).toEqual([]);
  });

  it('imports only @lukhas/core and its own files', () => {
    const imports = sources.flatMap((source) =>
      [...source.text.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? ''),
    );
    expect(
      imports.filter((specifier) => !specifier.startsWith('./') && specifier !== '@lukhas/core'),
    ).toEqual([]);
  });
});
