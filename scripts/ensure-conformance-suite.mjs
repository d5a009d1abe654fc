#!/usr/bin/env node
// The official MCP conformance suite (@modelcontextprotocol/conformance) needs Node 22; the machine
// may run Node 20. This puts both in .cache/conformance (ignored by git), pinned, once: the `node`
// binary from npm's node-linux-<arch> package (unpacked, nothing installed system-wide) and the
// suite with its dependencies. Run by apps/server/test/conformance.test.ts; safe to run again.
//
//   node scripts/ensure-conformance-suite.mjs   # prints the two paths as JSON
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SUITE_VERSION = '0.1.16';
export const NODE_VERSION = '22.23.5';

const root = path.resolve(import.meta.dirname, '..');
const cache = path.join(root, '.cache', 'conformance');

/**
 * The Node 22 binary and the suite's CLI, installed first when missing.
 *
 * @returns {{ node: string, cli: string }}
 */
export function ensureConformanceSuite() {
  const node = ensureNode();
  const cli = ensureSuite();
  return { node, cli };
}

function ensureNode() {
  const folder = path.join(cache, `node-${NODE_VERSION}`);
  const binary = path.join(folder, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const work = freshFolder(`${folder}.partial`);
  const packageName = `node-linux-${process.arch}@${NODE_VERSION}`;
  const tarball = execFileSync('npm', ['pack', packageName, '--silent'], {
    cwd: work,
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['xzf', tarball], { cwd: work });
  rmSync(folder, { recursive: true, force: true });
  renameSync(path.join(work, 'package'), folder);
  rmSync(work, { recursive: true, force: true });
  return binary;
}

function ensureSuite() {
  const folder = path.join(cache, `suite-${SUITE_VERSION}`);
  const cli = path.join(folder, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
  if (existsSync(cli)) return cli;
  const work = freshFolder(`${folder}.partial`);
  writeFileSync(path.join(work, 'package.json'), '{"private":true}\n');
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--silent', `@modelcontextprotocol/conformance@${SUITE_VERSION}`],
    { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  rmSync(folder, { recursive: true, force: true });
  renameSync(work, folder);
  return cli;
}

function freshFolder(folder) {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  return folder;
}

if (process.argv[1] === import.meta.filename) {
  console.log(JSON.stringify(ensureConformanceSuite()));
}
