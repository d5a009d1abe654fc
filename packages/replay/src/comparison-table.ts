/**
 * The canary against its baseline in the HTML report: per compared metric the verdict, U, p-value,
 * shift with its interval and the allowed increase, as the counterfactual's math holds them.
 */
import type { ComparisonMath, ComparisonsMath } from '@lukhas/core';
import type { BaselineCoverage } from './replay-result.ts';
import { escapeHtml, formatMetric, formatTime, trimmed } from './report-format.ts';

/** The table, or '' when the replay policy compares nothing. */
export function renderComparisons(
  comparisons: ComparisonsMath | undefined,
  coverage: BaselineCoverage | undefined,
): string {
  if (comparisons === undefined || comparisons.metrics.length === 0) return '';
  const rows = comparisons.metrics.map(comparisonRow);
  const samples = coverage === undefined ? '' : `, ${coverage.samples} samples with a baseline reading`;
  return [
    '<table class="comparisons">',
    `<caption>Against the baseline at ${formatTime(comparisons.at)}${samples}</caption>`,
    '<tr><th>metric</th><th>verdict</th><th>canary / baseline values</th><th>U</th><th>p (worse)</th><th>shift [interval]</th><th>allowed</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}

function comparisonRow(comparison: ComparisonMath): string {
  const { metric } = comparison;
  const value = (number: number | null) => (number === null ? '—' : formatMetric(metric, number));
  const shift =
    comparison.shift === null
      ? '—'
      : `${value(comparison.shift.estimate)} [${value(comparison.shift.lower)}, ${value(comparison.shift.upper)}]`;
  const verdict = `${escapeHtml(comparison.verdict)}${comparison.dryRun ? ' (dry run)' : ''}`;
  return (
    `<tr><td>${escapeHtml(metric)}</td><td class="verdict-${escapeHtml(comparison.verdict)}">${verdict}</td>` +
    `<td>${comparison.canary.length} / ${comparison.baseline.length}</td>` +
    `<td>${comparison.u === null ? '—' : trimmed(comparison.u, 1)}</td>` +
    `<td>${comparison.pWorse === null ? '—' : formatP(comparison.pWorse)}</td>` +
    `<td>${shift}</td><td>${value(comparison.allowedIncrease)}</td></tr>`
  );
}

// Fixed formats: four significant digits, and a floor so tiny p-values do not print as 0.
function formatP(p: number): string {
  return p < 0.0001 ? '&lt;0.0001' : p.toPrecision(4).replace(/\.?0+$/, '');
}
