/**
 * The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in
 * scripts/ensure-conformance-suite.mjs) against a real cockpit process: every server scenario of
 * the suite, on Node 22 (the suite needs it; the `node` npm package provides it without touching
 * the machine's Node), with conformance-expected-failures.yml listing each excluded scenario and
 * why. The suite exits non-zero for a failure that is not listed and for a listed scenario that
 * passes, so the list cannot go stale. The summary is kept in test-results/conformance-summary.txt.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTempDirs, type RunningServerProcess } from '@lukhas/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script of the workspace, without types
import { ensureConformanceSuite } from '../../../scripts/ensure-conformance-suite.mjs';
import { SERVER_DIR, startMainProcess } from './main-process.ts';

const run = promisify(execFile);
const EXPECTED_FAILURES = path.join(import.meta.dirname, 'conformance-expected-failures.yml');
const SUMMARY_FILE = path.join(SERVER_DIR, 'test-results', 'conformance-summary.txt');

const tempDirs = createTempDirs();
let server: RunningServerProcess;
let suite: { node: string; cli: string };

beforeAll(async () => {
  suite = ensureConformanceSuite();
  server = await startMainProcess({
    LUKHAS_MCP_DB: path.join(tempDirs.make('cockpit-conformance-'), 'cockpit.db'),
    // The suite sends a few hundred requests in seconds from one address.
    MCP_RL_BUCKET: '100000',
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  tempDirs.removeAll();
});

describe('the MCP conformance suite', () => {
  it('passes every server scenario of 2025-06-18 and 2025-11-25 that applies to the cockpit', async () => {
    const outputDir = tempDirs.make('conformance-results-');
    const result = await run(
      suite.node,
      [
        suite.cli,
        'server',
        '--url',
        `${server.url}/mcp`,
        '--spec-version',
        '2025-11-25',
        '--expected-failures',
        EXPECTED_FAILURES,
        '--output-dir',
        outputDir,
      ],
      { cwd: outputDir, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { code?: number; stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
      failed: error.code ?? -1,
    }));
    const summary = result.stdout.slice(result.stdout.lastIndexOf('=== SUMMARY ==='));
    await mkdir(path.dirname(SUMMARY_FILE), { recursive: true });
    await writeFile(SUMMARY_FILE, summary);
    // The suite's verdict with the baseline: 0 when every failure is listed and no listed one passes.
    expect({
      exit: 'failed' in result ? result.failed : 0,
      summary,
      stderr: result.stderr.slice(-2000),
    }).toMatchObject({
      exit: 0,
    });
    expect(summary).toMatch(/^Total: \d+ passed, \d+ failed/m);
    // The scenarios that must pass whatever the baseline says.
    for (const scenario of ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection']) {
      expect(summary).toMatch(new RegExp(`^✓ ${scenario}: \\d+ passed, 0 failed`, 'm'));
    }
  }, 300_000);
});
