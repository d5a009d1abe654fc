import { describe, expect, it } from 'vitest';
import {
  COCKPIT_METRICS,
  contractSeriesNames,
  PROCESS_METRICS,
  PROMETHEUS_SERIES,
  seriesNames,
} from './cockpit-metrics.ts';
import { DATASOURCE_REF, dashboardQueries, readDashboard } from './dashboard.ts';
import { metricNames } from './promql-metric-names.ts';
import { recordedNames } from './rule-files.ts';

describe('Grafana dashboard (deploy/grafana/cockpit-dashboard.json)', () => {
  const dashboard = readDashboard();
  const queries = dashboardQueries(dashboard);

  it('is a dashboard Grafana imports: uid, title, schema 39, a Prometheus data source variable', () => {
    expect(dashboard).toMatchObject({ uid: 'mcp-cockpit', title: 'MCP Cockpit', schemaVersion: 39 });
    const datasource = dashboard.templating.list.find((variable) => variable.name === 'datasource');
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const variable of dashboard.templating.list.filter((item) => item.type === 'query')) {
      expect(variable.datasource, variable.name).toEqual(DATASOURCE_REF);
    }
  });

  it('has unique panel ids and panels that fit the 24-column grid without overlapping', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const taken = new Set<string>();
    for (const panel of dashboard.panels) {
      const { h, w, x, y } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let row = y; row < y + h; row += 1) {
        for (let column = x; column < x + w; column += 1) {
          const cell = `${row}:${column}`;
          expect(taken.has(cell), `${panel.title} overlaps at ${cell}`).toBe(false);
          taken.add(cell);
        }
      }
    }
  });

  it('binds every panel to the data source variable and gives it at least one query', () => {
    for (const panel of dashboard.panels.filter((item) => item.type !== 'row')) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE_REF);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.expr.trim(), panel.title).not.toBe('');
      }
    }
  });

  it('queries only contract metrics, recorded series, up and ALERTS', () => {
    const known = new Set([...contractSeriesNames(), ...recordedNames(), ...PROMETHEUS_SERIES]);
    for (const { panel, expr } of queries) {
      const names = metricNames(expr);
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      expect(
        names.filter((name) => !known.has(name)),
        `${panel}: ${expr}`,
      ).toEqual([]);
    }
  });

  it('shows every metric of the contract and both SLOs burn rates', () => {
    const used = new Set(queries.flatMap(({ expr }) => metricNames(expr)));
    for (const family of [...COCKPIT_METRICS, ...PROCESS_METRICS]) {
      expect(
        seriesNames(family).some((name) => used.has(name)),
        family.name,
      ).toBe(true);
    }
    for (const name of recordedNames().filter((name) =>
      /^cockpit:http_(errors|slow):ratio_rate/.test(name),
    )) {
      expect(used.has(name), name).toBe(true);
    }
  });

  it('filters every query on the job variable', () => {
    for (const { panel, expr } of queries) {
      expect(expr, panel).toContain('job="$job"');
    }
  });
});
