#!/usr/bin/env node
// Adds up the JSON reports every package's vitest run wrote and prints one closing line.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const clean = process.argv.includes('--clean');
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// The workspace packages of pnpm-workspace.yaml: every package under packages/ and apps/, plus deploy/.
const packageDirs = ['packages', 'apps'].flatMap((group) => {
  const groupDir = path.join(root, group);
  return existsSync(groupDir) ? readdirSync(groupDir).map((name) => `${group}/${name}`) : [];
});
packageDirs.push('deploy');
for (const relativeDir of packageDirs) {
  const packageDir = path.join(root, relativeDir);
  if (!existsSync(path.join(packageDir, 'package.json'))) continue;
  const report = path.join(packageDir, 'test-results', 'vitest.json');
  if (clean) {
    // A report left by an earlier run must not stand in for this one.
    rmSync(report, { force: true });
    continue;
  }
  if (!existsSync(report)) {
    missing.push(relativeDir);
    continue;
  }
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
if (clean) process.exit(0);
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
