import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { closeDatabase, openDatabase } from '@lukhas/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cockpit, filledDatabase, REPO_ROOT } from './cockpit-fixture.ts';

const run = promisify(execFile);
let dir: string;
let db: string;

beforeAll(async () => {
  ({ dir, file: db } = await filledDatabase());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WINDOW = ['--from', '2025-09-28T13:00:00Z', '--to', '2025-09-28T15:00:00Z'];

describe('cockpit export', () => {
  it('writes a zip that unzip extracts and sha256sum -c verifies', async () => {
    const zip = path.join(dir, 'ops-evidence.zip');
    const result = await cockpit(['export', ...WINDOW, '--out', zip, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`wrote ${zip}`);
    // stderr is not a terminal here: no progress bar.
    expect(result.stderr).toBe('');
    const out = path.join(dir, 'pack');
    await run('unzip', ['-q', zip, '-d', out]);
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(check.stdout).toContain('narrative.txt: OK');
    const narrative = await readFile(path.join(out, 'narrative.txt'), 'utf8');
    expect(narrative).toContain('canary matriz-v3 → rolled_back');
    const meta = JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8'));
    expect(meta.counts.canary_samples).toBe(6);
  });

  it('refuses a bad range with exit 1 and leaves no file', async () => {
    const zip = path.join(dir, 'bad.zip');
    const result = await cockpit(['export', '--from', 'yesterday', '--out', zip, '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad range: from="yesterday" is neither an age like 30d/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await expect(readFile(zip)).rejects.toThrow();
  });

  it('says how to reach an unreachable server (exit 1)', async () => {
    const result = await cockpit([
      'export',
      '--from',
      '1d',
      '--out',
      path.join(dir, 'x.zip'),
      '--url',
      'http://127.0.0.1:1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach the cockpit at http:\/\/127\.0\.0\.1:1 .*`cockpit serve`/);
    // Run through the workspace's script (`npm run cockpit -- …`), the hint is that script's command.
    const viaNpm = await cockpit(['tail', 'jobs', '--url', 'http://127.0.0.1:1'], {
      env: { npm_lifecycle_event: 'cockpit' },
    });
    expect(viaNpm.stderr).toContain('start it with `npm run cockpit -- serve`');
  });

  it('requires --out (exit 2 with usage)', async () => {
    const result = await cockpit(['export', '--from', '30d']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out is required');
    expect(result.stderr).toContain('Usage: cockpit export');
  });
});

describe('cockpit replay', () => {
  const replay = (policy: string, extra: string[] = []) =>
    cockpit([
      'replay',
      ...WINDOW,
      '--model',
      'matriz-v3',
      '--policy',
      path.join(REPO_ROOT, 'configs', policy),
      '--db',
      db,
      ...extra,
    ]);

  it('reports that slo-prod would have promoted the strict rollback, and writes a self-contained HTML report', async () => {
    const report = path.join(dir, 'replay-1400.html');
    const result = await replay('slo-prod.json', ['--report', report]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /canary_strict\s+actual rolled_back \(breach_limit\)\s+replay promoted.*would have promoted/,
    );
    expect(result.stdout).toContain('1 would have promoted');
    const html = await readFile(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src="http/i);
    expect(html).toContain('would have promoted');
  });

  it('under slo-strict gives the recorded rollback back, as JSON with --json', async () => {
    const result = await replay('slo-strict.json', ['--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed.canaries[0].counterfactual.state).toBe('rolled_back');
    expect(parsed.canaries[0].difference.kind).toBe('same');
    expect(parsed.totals.wouldHavePromoted).toBe(0);
  });

  it('explains an unreadable policy file (exit 1)', async () => {
    const result = await replay('no-such-policy.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read the policy file .*no-such-policy\.json/);
  });

  it('explains an invalid window (exit 1)', async () => {
    const result = await cockpit([
      'replay',
      '--from',
      'soon',
      '--to',
      '2025-09-28T15:00:00Z',
      '--model',
      'matriz-v3',
      '--policy',
      path.join(REPO_ROOT, 'configs/slo-prod.json'),
      '--db',
      db,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cockpit why, jobs, canaries', () => {
  it('why prints the narrative lines of a canary', async () => {
    const result = await cockpit(['why', 'canary_strict', '--db', db]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('[2025-09-28 14:00] canary matriz-v3 → started');
    expect(lines.at(-1)).toBe('[2025-09-28 14:03] canary matriz-v3 → rolled_back');
  });

  it('why of an unknown id fails with exit 1 and a hint', async () => {
    const result = await cockpit(['why', 'canary_nope', '--db', db]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nothing recorded for "canary_nope"');
    expect(result.stderr).toContain('cockpit canaries');
  });

  it('jobs lists a table, filters by status, and prints JSON', async () => {
    const table = await cockpit(['jobs', '--db', db]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^JOB\s+TASK\s+STATUS/);
    expect(table.stdout).toContain('job_ok');
    const failed = await cockpit(['jobs', '--status', 'failed', '--json', '--db', db]);
    expect(JSON.parse(failed.stdout).map((job: { jobId: string }) => job.jobId)).toEqual(['job_bad']);
    const bad = await cockpit(['jobs', '--status', 'lost', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--status must be one of queued, running, completed, failed, cancelled');
  });

  it('canaries lists a table and JSON filtered by model', async () => {
    const table = await cockpit(['canaries', '--db', db]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/canary_strict\s+matriz-v3\s+stage→production\s+rolled_back/);
    const json = await cockpit(['canaries', '--model', 'other', '--json', '--db', db]);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('reads the database named by LUKHAS_MCP_DB', async () => {
    const result = await cockpit(['canaries', '--status', 'rolled_back'], { env: { LUKHAS_MCP_DB: db } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('canary_strict');
  });

  it('refuses a malformed postgres:// URL or another scheme in LUKHAS_MCP_DB or --db with exit 1, never echoing the password', async () => {
    const fromEnv = await cockpit(['jobs'], {
      env: { LUKHAS_MCP_DB: 'postgres://cockpit:s3cret@db.internal' },
    });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain(
      'LUKHAS_MCP_DB: Not a usable PostgreSQL URL (postgres://cockpit:***@db.internal): it must name one database',
    );
    expect(fromEnv.stderr).not.toContain('s3cret');
    const fromFlag = await cockpit(['jobs', '--db', 'mysql://cockpit:s3cret@db.internal/cockpit']);
    expect(fromFlag.code).toBe(1);
    expect(fromFlag.stderr).toContain(
      '--db must be a SQLite file path or a postgres:// URL, got a mysql:// URL',
    );
    expect(fromFlag.stderr).not.toContain('s3cret');
  });

  it('refuses a missing database file with exit 1 and says which flag to use', async () => {
    const result = await cockpit(['jobs', '--db', path.join(dir, 'missing.db')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no cockpit database at');
    expect(result.stderr).toContain('--db PATH');
  });

  it('refuses a database written by a newer cockpit with exit 1', async () => {
    const { dir: newerDir, file } = await filledDatabase();
    const handle = openDatabase({ file });
    await handle
      .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
      .insertInto('kysely_migration')
      .values({ name: '999_future_feature', timestamp: new Date().toISOString() })
      .execute();
    await closeDatabase(handle);
    const result = await cockpit(['jobs', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('written by a newer version of the cockpit');
    expect(result.stderr).toContain('Upgrade the cockpit');
    await rm(newerDir, { recursive: true, force: true });
  });
});

describe('usage and help', () => {
  it('--help on the root lists every command (exit 0)', async () => {
    const result = await cockpit(['--help']);
    expect(result.code).toBe(0);
    for (const name of ['serve', 'export', 'replay', 'why', 'jobs', 'canaries', 'tail']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
    }
    expect(result.stdout).toContain('Exit codes: 0 success, 1 failure');
  });

  it.each(['serve', 'export', 'replay', 'why', 'jobs', 'canaries', 'tail'])(
    '%s --help (exit 0)',
    async (name) => {
      const result = await cockpit([name, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: cockpit ${name}`));
    },
  );

  it('an unknown command exits 2 with the usage', async () => {
    const result = await cockpit(['deploy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "deploy"');
    expect(result.stderr).toContain('Usage: cockpit <command>');
  });

  it('an unknown flag exits 2 with the command usage', async () => {
    const result = await cockpit(['canaries', '--colour']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--colour'");
    expect(result.stderr).toContain('Usage: cockpit canaries');
  });

  it('no command exits 2; why without an id exits 2', async () => {
    expect((await cockpit([])).code).toBe(2);
    const why = await cockpit(['why']);
    expect(why.code).toBe(2);
    expect(why.stderr).toContain('missing <id>');
  });

  it('the bin and the leading -- of `pnpm cockpit -- …` both work', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'apps/cli/bin/cockpit.mjs'), '--', 'jobs', '--help'],
      {
        cwd: dir,
      },
    );
    expect(stdout).toMatch(/^Usage: cockpit jobs/);
  });
});

describe('cockpit tail', () => {
  it('prints the narrative of live events from a server, then stops on SIGINT with exit 0', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((request, response) => {
      expect(request.url).toBe('/sse?topic=canary%2F*');
      response.writeHead(200, { 'Content-Type': 'text/event-stream' });
      response.write(
        `id: 1\nevent: promoted\ndata: ${JSON.stringify({ narrative: '[2025-09-28 14:05] canary → promoted' })}\n\n`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'tail', 'canary/*', '--url', `http://127.0.0.1:${port}`],
      {
        cwd: path.join(REPO_ROOT, 'apps/cli'),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('\n')) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    server.closeAllConnections();
    server.close();
    expect(stdout).toBe('[2025-09-28 14:05] canary → promoted\n');
    expect(stderr).toBe(`connected to http://127.0.0.1:${port}/sse (canary/*); waiting for events\n`);
    expect(code).toBe(0);
  });

  it('fails with exit 1 when the server is unreachable', async () => {
    const result = await cockpit(['tail', 'jobs', '--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach the cockpit');
  });
});

describe('cockpit why --url', () => {
  it("asks the server's `why` tool through the client SDK, with the key, and prints its lines", async () => {
    const { createServer } = await import('node:http');
    const calls: { key: unknown; body: unknown }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const call = JSON.parse(body) as { id: number; params: { arguments: { id: string } } };
        calls.push({ key: request.headers['x-api-key'], body: call });
        const known = call.params.arguments.id === 'canary_known';
        const lines = ['[2025-09-28 14:00] canary → started', '[2025-09-28 14:05] canary → promoted'];
        const result = known
          ? {
              content: [{ type: 'text', text: lines.join('\n') }],
              structuredContent: { id: 'canary_known', lines },
            }
          : {
              content: [{ type: 'text', text: 'nothing recorded for canary_nope [NOT_FOUND]' }],
              isError: true,
            };
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ jsonrpc: '2.0', id: call.id, result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const known = await cockpit(['why', 'canary_known', '--url', url, '--key', 'k1']);
      expect(known.stdout).toBe(
        '[2025-09-28 14:00] canary → started\n[2025-09-28 14:05] canary → promoted\n',
      );
      expect(known.code).toBe(0);
      expect(calls[0]).toMatchObject({
        key: 'k1',
        body: {
          jsonrpc: '2.0',
          method: 'tools/call',
          params: { name: 'why', arguments: { id: 'canary_known' } },
        },
      });
      const unknown = await cockpit(['why', 'canary_nope', '--url', url]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('the cockpit could not answer why "canary_nope": nothing recorded');
    } finally {
      server.close();
    }
    const unreachable = await cockpit(['why', 'x', '--url', 'http://127.0.0.1:1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the cockpit at http://127.0.0.1:1');
  });
});

// A policy file that is JSON but not a policy.
it('replay explains a policy that is not usable (exit 1)', async () => {
  const policy = path.join(dir, 'bad-policy.json');
  await writeFile(policy, '{"windowSeconds": -1}');
  const result = await cockpit(['replay', ...WINDOW, '--model', 'matriz-v3', '--policy', policy, '--db', db]);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('the policy is not usable');
});
