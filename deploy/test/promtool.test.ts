import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { contractSeriesNames, PROMETHEUS_SERIES } from './cockpit-metrics.ts';
import { metricNames } from './promql-metric-names.ts';
import { PROMETHEUS_DIR, readAlerts, readRules, recordedNames } from './rule-files.ts';
import { runPromtool } from './system-binaries.ts';

const RULE_FILES = ['recording-rules.yml', 'alerts.yml'] as const;
const tempDirs: string[] = [];

afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of deploy/prometheus (rule files, tests, example config) to alter freely. */
function copyOfPrometheusDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cockpit-deploy-'));
  tempDirs.push(dir);
  for (const file of [...RULE_FILES, 'alerts.test.yml', 'prometheus.yml']) {
    copyFileSync(join(PROMETHEUS_DIR, file), join(dir, file));
  }
  return dir;
}

/** Writes `dir`/alerts.yml with every alert's expression replaced by `expr`. */
function writeAlertsWithExpr(dir: string, expr: string): void {
  const document = parse(readFileSync(join(PROMETHEUS_DIR, 'alerts.yml'), 'utf8')) as {
    groups: { rules: { expr: string }[] }[];
  };
  for (const group of document.groups) for (const rule of group.rules) rule.expr = expr;
  writeFileSync(join(dir, 'alerts.yml'), stringify(document));
}

/** The alert names promtool reported a failure for, keeping only cases whose expectation was `[]` or not. */
function failedAlertCases(output: string, expected: 'empty' | 'firing'): Set<string> {
  const names = new Set<string>();
  for (const match of output.matchAll(/alertname: (\w+), time: [^,]+,\s*\n\s*exp:(\[\])?/g)) {
    const expectedEmpty = match[2] !== undefined;
    if (match[1] !== undefined && expectedEmpty === (expected === 'empty')) names.add(match[1]);
  }
  return names;
}

// promtool's runs take seconds on a busy machine: a bound for the harness, not a speed check.
describe('Prometheus rules (promtool)', { timeout: 120_000 }, () => {
  it.each(RULE_FILES)('promtool check rules %s', async (file) => {
    const result = await runPromtool(['check', 'rules', file], PROMETHEUS_DIR);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toContain(`SUCCESS: ${readRules(file).length} rules found`);
  });

  it('promtool test rules alerts.test.yml passes', async () => {
    const result = await runPromtool(['test', 'rules', 'alerts.test.yml'], PROMETHEUS_DIR);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  // Mutation checks: the unit tests must notice an alert that never fires (so each alert has a
  // firing case) and one that always fires (so each has a case where it must stay quiet).
  it('the unit tests have a firing case for every alert', async () => {
    const dir = copyOfPrometheusDir();
    writeAlertsWithExpr(dir, 'vector(0) > 1');
    const result = await runPromtool(['test', 'rules', 'alerts.test.yml'], dir);
    expect(result.exitCode).not.toBe(0);
    const caught = failedAlertCases(result.output, 'firing');
    expect([...caught].sort()).toEqual(
      readAlerts()
        .map((rule) => rule.alert)
        .sort(),
    );
  });

  it('the unit tests have a not-firing case for every alert', async () => {
    const dir = copyOfPrometheusDir();
    writeAlertsWithExpr(dir, 'vector(1)');
    const result = await runPromtool(['test', 'rules', 'alerts.test.yml'], dir);
    expect(result.exitCode).not.toBe(0);
    const caught = failedAlertCases(result.output, 'empty');
    expect([...caught].sort()).toEqual(
      readAlerts()
        .map((rule) => rule.alert)
        .sort(),
    );
  });

  it('promtool check config accepts the example scrape config with its rule files', async () => {
    const dir = copyOfPrometheusDir();
    // The example points at /etc/prometheus/secrets; promtool insists the credentials file exists.
    const keyFile = join(dir, 'mcp-cockpit-api-key');
    writeFileSync(keyFile, 'example-key\n', { mode: 0o600 });
    const config = readFileSync(join(dir, 'prometheus.yml'), 'utf8');
    expect(config).toContain('credentials_file: /etc/prometheus/secrets/mcp-cockpit-api-key');
    writeFileSync(
      join(dir, 'prometheus.yml'),
      config.replace('/etc/prometheus/secrets/mcp-cockpit-api-key', keyFile),
    );
    const result = await runPromtool(['check', 'config', 'prometheus.yml'], dir);
    expect(result.exitCode, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS: 2 rule files found');
  });
});

describe('rule files', () => {
  it('alerts.yml has the seeds checklist, the SLO burn-rate pairs and CockpitDown', () => {
    expect(readAlerts().map((rule) => rule.alert)).toEqual([
      'CockpitSloFallbackEngaged',
      'CockpitSseDropRateHigh',
      'CockpitCanaryStuckRunning',
      'CockpitEvidenceExportFailures',
      'CockpitDown',
      'CockpitAvailabilityBurnRateFast',
      'CockpitAvailabilityBurnRateSlow',
      'CockpitLatencyBurnRateFast',
      'CockpitLatencyBurnRateSlow',
    ]);
  });

  it('every alert has a severity, a summary, a description and a runbook section in the README', () => {
    const readme = readFileSync(join(PROMETHEUS_DIR, '..', 'README.md'), 'utf8');
    for (const rule of readAlerts()) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      expect(rule.annotations?.runbook, rule.alert).toContain(`deploy/README.md#${rule.alert.toLowerCase()}`);
      expect(readme, rule.alert).toContain(`### ${rule.alert}\n`);
    }
  });

  it('records the SLO ratios over 5m, 30m, 1h and 6h', () => {
    const recorded = recordedNames();
    for (const ratio of ['http_errors', 'http_slow']) {
      for (const window of ['5m', '30m', '1h', '6h']) {
        expect(recorded).toContain(`cockpit:${ratio}:ratio_rate${window}`);
      }
    }
  });

  it('every expression reads only contract metrics, recorded series or up', () => {
    const known = new Set([...contractSeriesNames(), ...recordedNames(), ...PROMETHEUS_SERIES]);
    for (const file of RULE_FILES) {
      for (const rule of readRules(file)) {
        const unknown = metricNames(rule.expr).filter((name) => !known.has(name));
        expect(unknown, `${file} ${rule.record ?? rule.alert}`).toEqual([]);
      }
    }
  });
});
