/** Reads the Grafana dashboard of deploy/grafana for the tests: its panels and their queries. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** deploy/grafana/cockpit-dashboard.json. */
export const DASHBOARD_FILE = join(import.meta.dirname, '..', 'grafana', 'cockpit-dashboard.json');

/** How every panel and query variable names its data source: the `datasource` variable. */
export const DATASOURCE_REF = {
  type: 'prometheus',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax, not a JS template.
  uid: '${datasource}',
} as const;

/** The subset of Grafana's dashboard model the tests read. */
export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly templating: { readonly list: readonly TemplateVariable[] };
  readonly panels: readonly Panel[];
}

/** A dashboard variable. */
export interface TemplateVariable {
  readonly name: string;
  readonly type: string;
  readonly query?: unknown;
  readonly datasource?: { readonly type: string; readonly uid: string };
}

/** A panel (rows included) and its queries. */
export interface Panel {
  readonly id: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: readonly { readonly refId: string; readonly expr: string; readonly instant?: boolean }[];
}

/** Parses the dashboard file (throws on invalid JSON). */
export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** Every query of every non-row panel, with its panel's title. */
export function dashboardQueries(dashboard: Dashboard): { panel: string; expr: string; instant: boolean }[] {
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      panel: panel.title,
      expr: target.expr,
      instant: target.instant === true,
    })),
  );
}

/**
 * `expr` with the dashboard's variables replaced as Grafana would for job `job`, all instances and
 * a 1-minute rate interval, so Prometheus can run it.
 */
export function withVariables(expr: string, job: string): string {
  return expr
    .replaceAll('$__rate_interval', '1m')
    .replaceAll('$__interval', '15s')
    .replaceAll('$__range', '5m')
    .replaceAll('$job', job)
    .replaceAll('$instance', '.*');
}
