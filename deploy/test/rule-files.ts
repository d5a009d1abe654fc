/** Reads this package's Prometheus rule files (YAML) into plain objects for the tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** deploy/prometheus. */
export const PROMETHEUS_DIR = join(import.meta.dirname, '..', 'prometheus');

/** One rule as Prometheus' rule file format writes it: a recording rule or an alert. */
export interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rule group. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** The groups of `deploy/prometheus/<fileName>`; throws when the file is not a rule file. */
export function readRuleGroups(fileName: string): RuleGroup[] {
  const document: unknown = parse(readFileSync(join(PROMETHEUS_DIR, fileName), 'utf8'));
  const groups = (document as { groups?: unknown } | null)?.groups;
  if (!Array.isArray(groups)) throw new Error(`${fileName} has no groups list`);
  return groups.map((group: RuleGroup, index) => {
    if (typeof group?.name !== 'string' || !Array.isArray(group.rules)) {
      throw new Error(`${fileName} group ${index} needs a name and a rules list`);
    }
    return group;
  });
}

/** Every rule of `fileName`, groups flattened. */
export function readRules(fileName: string): Rule[] {
  return readRuleGroups(fileName).flatMap((group) => group.rules);
}

/** The alerts of alerts.yml. */
export function readAlerts(): (Rule & { readonly alert: string })[] {
  return readRules('alerts.yml').filter((rule): rule is Rule & { alert: string } => rule.alert !== undefined);
}

/** The names recording-rules.yml records. */
export function recordedNames(): string[] {
  return readRules('recording-rules.yml').flatMap((rule) => (rule.record === undefined ? [] : [rule.record]));
}
