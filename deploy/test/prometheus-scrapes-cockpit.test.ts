/**
 * End to end: a real Prometheus (Debian's package) scrapes a real cockpit every second through the
 * example scrape config (API key from a credentials file) and evaluates this package's recording
 * and alert rules against it; the dashboard's queries run against the same data.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningProcess, startCockpit, startPrometheus } from './child-processes.ts';
import { COCKPIT_METRICS, PROCESS_METRICS } from './cockpit-metrics.ts';
import { dashboardQueries, readDashboard, withVariables } from './dashboard.ts';
import { activeAlerts, eventually, instantQuery, loadedRules } from './prometheus-api.ts';
import { PROMETHEUS_DIR, readRules } from './rule-files.ts';

const JOB = 'mcp-cockpit';
const apiKey = `deploy-test-${randomBytes(12).toString('hex')}`;

interface Running {
  readonly cockpit: RunningProcess;
  readonly prometheus: RunningProcess;
}

const started: RunningProcess[] = [];
let dir = '';
let running: Running | undefined;
// A failed start fails every test (with the reason) instead of leaving them skipped.
let startError: unknown;

function processes(): Running {
  if (running === undefined) throw startError ?? new Error('the cockpit and Prometheus were not started');
  return running;
}

function logs(): string {
  return started.map((child) => `\n--- ${child.url} ---\n${child.output()}`).join('');
}

/** The example config, pointed at this cockpit, scraping and evaluating every second. */
function scrapeConfigFor(target: string, keyFile: string): string {
  let config = readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8');
  const replace = (from: string, to: string) => {
    if (!config.includes(from))
      throw new Error(`prometheus.yml no longer contains "${from}": update this test`);
    config = config.replaceAll(from, to);
  };
  replace('scrape_interval: 15s', 'scrape_interval: 1s');
  replace('evaluation_interval: 15s', 'evaluation_interval: 1s');
  replace('scrape_timeout: 10s', 'scrape_timeout: 900ms');
  replace('/etc/prometheus/secrets/mcp-cockpit-api-key', keyFile);
  replace('targets: ["127.0.0.1:8766"]', `targets: ["${target}"]`);
  return config;
}

/** The seeds' one-shot curl shape: a bare JSON-RPC tools/call with only a JSON content type. */
function mcpCall(cockpitUrl: string, id: number, name: string, args: object): Promise<Response> {
  return fetch(`${cockpitUrl}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }),
  });
}

async function start(): Promise<Running> {
  dir = mkdtempSync(join(tmpdir(), 'cockpit-deploy-e2e-'));
  mkdirSync(join(dir, 'repo'));
  const cockpit = await startCockpit({
    HOST: '127.0.0.1',
    LUKHAS_MCP_DB: join(dir, 'cockpit.db'),
    LUKHAS_REPO_ROOT: join(dir, 'repo'),
    LUKHAS_MCP_API_KEYS: apiKey,
    // Scrapes every second plus the test's calls, all from 127.0.0.1: keep the token bucket out of it.
    MCP_RL_BUCKET: '100000',
  });
  started.push(cockpit);

  const metrics = await fetch(`${cockpit.url}/metrics`, { headers: { 'X-API-Key': apiKey } });
  if (metrics.status !== 200) {
    throw new Error(
      `GET /metrics answered ${metrics.status}: the cockpit does not serve its metrics${logs()}`,
    );
  }
  // Warm-up before the first scrape: lazy loading on the first call must not count as a slow request
  // in the rates Prometheus computes between its own samples.
  expect((await mcpCall(cockpit.url, 0, 'list_jobs', {})).status).toBe(200);

  const prometheusDir = join(dir, 'prometheus');
  mkdirSync(prometheusDir);
  for (const file of ['recording-rules.yml', 'alerts.yml']) {
    copyFileSync(join(PROMETHEUS_DIR, file), join(prometheusDir, file));
  }
  const keyFile = join(prometheusDir, 'mcp-cockpit-api-key');
  writeFileSync(keyFile, `${apiKey}\n`, { mode: 0o600 });
  const configFile = join(prometheusDir, 'prometheus.yml');
  writeFileSync(configFile, scrapeConfigFor(new URL(cockpit.url).host, keyFile));
  const prometheus = await startPrometheus({ configFile, dataDirectory: join(prometheusDir, 'data') });
  started.push(prometheus);

  // Traffic once the scrapes have started, so the rates over the rule windows see it.
  await eventually(
    async () => ((await instantQuery(prometheus.url, `up{job="${JOB}"}`)).length > 0 ? true : undefined),
    { timeoutMs: 15_000, describe: () => `Prometheus has not scraped the cockpit yet${logs()}` },
  );
  // Enough requests that one slow outlier on a loaded machine stays under the 6 % slow-burn line.
  for (let id = 1; id <= 40; id += 1) {
    const response = await mcpCall(cockpit.url, id, 'list_jobs', {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id,
      result: { structuredContent: { jobs: expect.any(Array) } },
    });
  }
  expect((await mcpCall(cockpit.url, 41, 'run_eval', { taskId: 'deploy-e2e' })).status).toBe(200);
  const notFound = await fetch(`${cockpit.url}/no-such-route`, { headers: { 'X-API-Key': apiKey } });
  expect(notFound.status).toBe(404);
  expect((await fetch(`${cockpit.url}/health`)).status).toBe(200);
  return { cockpit, prometheus };
}

// Booting tsx and Prometheus on a busy 2-core machine takes seconds: bounds for the harness only.
describe('a real Prometheus scraping a real cockpit with the deploy rules', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    try {
      running = await start();
    } catch (error) {
      startError = error;
    }
  }, 90_000);

  afterAll(async () => {
    for (const child of started.splice(0).reverse()) await child.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('serves every metric family of the contract, behind the API key', async () => {
    const url = `${processes().cockpit.url}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const text = await (await fetch(url, { headers: { Authorization: `Bearer ${apiKey}` } })).text();
    const missing = [...COCKPIT_METRICS, ...PROCESS_METRICS].filter(
      (family) => !text.includes(`\n# TYPE ${family.name} ${family.type}\n`),
    );
    expect(missing.map((family) => `${family.name} (${family.type})`)).toEqual([]);
  });

  it('scrapes the cockpit with the API key from the credentials file: up == 1', async () => {
    const up = await instantQuery(processes().prometheus.url, `up{job="${JOB}"}`);
    expect(up.map((sample) => sample.value)).toEqual([1]);
  });

  it('produces a series for every recording rule', async () => {
    const prometheusUrl = processes().prometheus.url;
    const records = readRules('recording-rules.yml').flatMap((rule) => (rule.record ? [rule.record] : []));
    await eventually(
      async () => {
        for (const record of records) {
          if ((await instantQuery(prometheusUrl, record)).length === 0) return undefined;
        }
        return true;
      },
      { timeoutMs: 20_000, describe: () => `a recording rule has no series${logs()}` },
    );
    // The traffic had no 5xx: the availability ratio is a real 0, not an absent series.
    const errors = await instantQuery(prometheusUrl, 'cockpit:http_errors:ratio_rate5m');
    expect(errors).toEqual([
      { metric: { __name__: 'cockpit:http_errors:ratio_rate5m', job: JOB }, value: 0 },
    ]);
    const traffic = await instantQuery(prometheusUrl, 'cockpit:http_requests:rate5m');
    expect(traffic[0]?.value).toBeGreaterThan(0);
  });

  it('loads every rule of both files and evaluates each without error', async () => {
    const expected = [...readRules('recording-rules.yml'), ...readRules('alerts.yml')].map(
      (rule) => rule.record ?? rule.alert,
    );
    const rules = await eventually(
      async () => {
        const loaded = await loadedRules(processes().prometheus.url);
        const evaluated =
          loaded.length === expected.length && loaded.every((rule) => rule.health !== 'unknown');
        return evaluated ? loaded : undefined;
      },
      { timeoutMs: 15_000, describe: () => `the rules were not all evaluated${logs()}` },
    );
    expect(rules.map((rule) => rule.name).sort()).toEqual([...expected].sort());
    expect(rules.filter((rule) => rule.health !== 'ok')).toEqual([]);
  });

  it('fires no alert for a healthy cockpit', async () => {
    const prometheusUrl = processes().prometheus.url;
    // Judge alerts evaluated after the recording rules had series (the test above), not before.
    const now = Date.now();
    await eventually(
      async () => {
        const alerting = (await loadedRules(prometheusUrl)).filter((rule) => rule.type === 'alerting');
        return alerting.every((rule) => Date.parse(rule.lastEvaluation) > now) ? true : undefined;
      },
      { timeoutMs: 10_000, describe: () => `the alert rules were not evaluated again${logs()}` },
    );
    // Nothing to justify: the stub SLO monitor never falls back, no canary runs, no export fails,
    // the traffic had no 5xx and no request near 0.5 s.
    expect(await activeAlerts(prometheusUrl)).toEqual([]);
    expect(await instantQuery(prometheusUrl, 'ALERTS')).toEqual([]);
  });

  it('runs every dashboard query, and the core panels have data', async () => {
    const samplesByPanel = new Map<string, number>();
    for (const { panel, expr } of dashboardQueries(readDashboard())) {
      const samples = await instantQuery(processes().prometheus.url, withVariables(expr, JOB)).catch(
        (error: unknown) => {
          throw new Error(`${panel}: ${expr}: ${String(error)}`);
        },
      );
      samplesByPanel.set(panel, (samplesByPanel.get(panel) ?? 0) + samples.length);
    }
    // With no canary decided there is no decision in the rate window and no breach → rollback
    // time, and a healthy cockpit has no alert: every other panel must show data.
    const expectedEmpty = new Set([
      'Cockpit alerts',
      'Canary decisions by outcome and rule',
      'Breach → rollback time',
    ]);
    const empty = [...samplesByPanel].filter(([, count]) => count === 0).map(([panel]) => panel);
    expect(empty.filter((panel) => !expectedEmpty.has(panel))).toEqual([]);
  });
});
