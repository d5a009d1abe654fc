/**
 * The metric names a PromQL expression selects, without a PromQL parser: enough for the
 * expressions of this package's rules and dashboard (selectors, functions, aggregations with
 * `by`/`without`, vector matching, Grafana `$variables`), so tests can hold them to the contract.
 */

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'inf',
  'nan',
]);

/**
 * Metric names in `expr`, sorted and deduplicated.
 *
 * @example metricNames('sum by (route) (rate(cockpit_http_requests_total{job="$job"}[5m]))')
 * // ['cockpit_http_requests_total']
 */
export function metricNames(expr: string): string[] {
  const bare = expr
    // Strings first: a `}` or `]` inside a label regex must not end a selector early.
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' 0 ');
  const names = new Set<string>();
  // A name starts after anything but a name character or a digit's dot (so `1e-9` is a number) and
  // is not a function call.
  for (const match of bare.matchAll(/(?<![\w:.])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1];
    if (name !== undefined && !KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names].sort();
}
