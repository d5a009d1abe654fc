#!/usr/bin/env node
// The integration tests use real programs (Prometheus, promtool, Chromium, HAProxy, PostgreSQL, sqlite3, jq, curl): install the missing
// ones from Debian's packages when we may (root with apt-get), otherwise say exactly what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const needs = [
  { command: 'prometheus', pkg: 'prometheus' },
  { command: 'promtool', pkg: 'prometheus' },
  { command: 'sqlite3', pkg: 'sqlite3' },
  { command: 'jq', pkg: 'jq' },
  { command: 'curl', pkg: 'curl' },
  // The traffic router's HAProxy adapter is tested against a real HAProxy (packages/traffic-router).
  { command: 'haproxy', pkg: 'haproxy' },
  // The client SDK's browser test drives Debian's Chromium through playwright-core (never a download).
  { command: 'chromium', pkg: 'chromium' },
  // The persistence suites run on a throwaway PostgreSQL cluster too (packages/persistence).
  // Debian keeps initdb off PATH, under /usr/lib/postgresql/<version>/bin.
  { command: 'initdb', pkg: 'postgresql', check: () => hasPostgresServer() },
  // The seeds serve the SSE probe page with `python -m http.server` (apps/cli/test/seed-paths.test.ts).
  { command: 'python', pkg: 'python-is-python3' },
];

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const hasPostgresServer = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) =>
    existsSync(`/usr/lib/postgresql/${version}/bin/initdb`),
  );
const missing = [
  ...new Set(
    needs.filter((need) => !(need.check ? need.check() : has(need.command))).map((need) => need.pkg),
  ),
];

if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  console.error(`The tests need these Debian packages: ${missing.join(' ')}`);
  console.error(`Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}

console.log(`Installing test dependencies from Debian: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
