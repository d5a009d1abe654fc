// @ts-check
import { element } from './dom.js';

/** How each compared metric's values read: the chart's units. @type {Record<string, { label: string, format: (value: number) => string }>} */
const METRICS = {
  latency_p95_ms: { label: 'p95 latency', format: (v) => `${Number(v.toFixed(1))} ms` },
  error_rate: { label: 'error rate', format: (v) => `${Number((v * 100).toFixed(3))}%` },
  drift: { label: 'drift', format: (v) => String(Number(v.toFixed(4))) },
};

/** A p-value to three significant digits (`0.00397`), tiny ones in exponent form. @param {number | null} p */
export function formatP(p) {
  if (p === null || p === undefined) return '–';
  if (p !== 0 && p < 1e-4) return p.toExponential(2);
  return String(Number(p.toPrecision(3)));
}

/** A signed shift: `+135 ms`, `−0.2%`. @param {number} value @param {(value: number) => string} format */
function signed(value, format) {
  if (value === 0) return format(0);
  return value > 0 ? `+${format(value)}` : `−${format(-value)}`;
}

/**
 * `+135 ms [+110 ms, +160 ms]`: the Hodges-Lehmann shift and its interval (an open end: ∞).
 * @param {any} shift @param {(value: number) => string} format
 */
function shiftText(shift, format) {
  if (shift === null || shift === undefined) return '–';
  const lower = shift.lower === null ? '−∞' : signed(shift.lower, format);
  const upper = shift.upper === null ? '+∞' : signed(shift.upper, format);
  return `${signed(shift.estimate, format)} [${lower}, ${upper}]`;
}

/**
 * `+10% (40.5 ms)`, or `+0.5%` for an absolute allowance.
 * @param {any} comparison @param {(value: number) => string} format
 */
function allowedText(comparison, format) {
  const { allowed, allowedIncrease } = comparison;
  const inUnit = typeof allowedIncrease === 'number' ? signed(allowedIncrease, format) : null;
  if (typeof allowed?.maxIncreasePct === 'number') {
    return inUnit === null ? `+${allowed.maxIncreasePct}%` : `+${allowed.maxIncreasePct}% (${inUnit})`;
  }
  if (typeof allowed?.maxIncrease === 'number') return signed(allowed.maxIncrease, format);
  return inUnit ?? '–';
}

/**
 * The canary against its baseline as `why_math` computed it: one row per compared metric with U,
 * the one-sided p-value of "worse", the shift with its interval, the allowed increase, the verdict
 * and whether it decides (a dry-run metric is shown, never decisive). Null without comparisons.
 *
 * @example const table = comparisonsTable(math.comparisons, math.policy?.baseline?.gate); if (table) panel.append(table);
 * @param {any} comparisons `why_math`'s `comparisons`, or undefined
 * @param {string | undefined} gate the baseline gate, for the heading
 * @returns {HTMLElement | null}
 */
export function comparisonsTable(comparisons, gate) {
  if (comparisons === null || comparisons === undefined || !Array.isArray(comparisons.metrics)) return null;
  const confidence = comparisons.metrics[0]?.confidence;
  const level = typeof confidence === 'number' ? `${Number((confidence * 100).toFixed(1))}%` : '';
  const head = element(
    'tr',
    {},
    ...[
      'metric',
      'verdict',
      'n canary / baseline',
      'U',
      'p (worse)',
      `shift${level === '' ? '' : ` [${level} interval]`}`,
      'allowed increase',
      'decides',
    ].map((text) => element('th', {}, text)),
  );
  const body = element('tbody', {});
  for (const comparison of comparisons.metrics) {
    const metric = METRICS[comparison.metric] ?? { label: String(comparison.metric), format: String };
    const verdictClass =
      comparison.verdict === 'High' ? 'over' : comparison.verdict === 'NoData' ? 'muted' : 'ok';
    body.append(
      element(
        'tr',
        {
          'data-metric': String(comparison.metric),
          'data-verdict': String(comparison.verdict),
          'data-dry-run': String(comparison.dryRun === true),
          title: String(comparison.reason ?? ''),
        },
        element('td', {}, metric.label),
        element('td', { class: verdictClass }, String(comparison.verdict)),
        element('td', {}, `${comparison.canary?.length ?? 0} / ${comparison.baseline?.length ?? 0}`),
        element('td', {}, comparison.u === null ? '–' : String(comparison.u)),
        element('td', {}, formatP(comparison.pWorse)),
        element('td', {}, shiftText(comparison.shift, metric.format)),
        element('td', {}, allowedText(comparison, metric.format)),
        element('td', {}, comparison.dryRun ? 'no (dry run)' : 'yes'),
      ),
    );
  }
  const against = gate === undefined ? 'its baseline' : `its baseline (${gate})`;
  const heading = element('h3', {}, `The canary against ${against}, at ${comparisons.at ?? '–'}`);
  const table = element('table', { class: 'math-comparisons' }, element('thead', {}, head), body);
  return element('div', { class: 'comparisons', 'data-testid': 'why-comparisons' }, heading, table);
}
