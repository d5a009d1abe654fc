#!/usr/bin/env node
// The `cockpit` command: runs the CLI compiled to JavaScript (built on first use and whenever its
// sources change; see compiled-cli.mjs). If the compiler cannot run, tsx runs the TypeScript entry
// point instead: slower to start, same behaviour.
import { pathToFileURL } from 'node:url';
import { freshBuild } from './compiled-cli.mjs';

let bundle;
try {
  bundle = await freshBuild();
} catch (error) {
  process.stderr.write(`cockpit: running from TypeScript (could not compile the CLI: ${error.message})\n`);
}
if (bundle === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
} else {
  await import(pathToFileURL(bundle).href);
}
