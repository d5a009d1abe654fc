// @ts-check
import { cockpitTools } from './cockpit-client.js';
import { comparisonsTable } from './comparisons-table.js';
import { byId, element } from './dom.js';

/** @param {unknown} value */
function show(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return String(value);
}

/**
 * The math of a canary decision as a definition list and a sample table: rule, outcome,
 * thresholds vs observed values, time from first breach to action; with a baseline, the
 * comparisons per metric between them.
 * @param {any} math the structuredContent of `why_math`
 */
function renderMath(math) {
  const targets = math.policy?.targets ?? math.thresholds ?? {};
  const facts = element('dl', { class: 'math-facts' });
  /** @type {[string, unknown][]} */
  const rows = [
    ['rule', math.rule ?? 'undecided (rule so far)'],
    ['decision', math.outcome ?? 'pending'],
    ['explanation', math.explanation],
    [
      'policy',
      `window ${show(math.policy?.windowSeconds)}s, every ${show(math.policy?.intervalSeconds)}s, failure limit ${show(math.policy?.failureLimit)}, min samples ${show(math.policy?.minSamples)}`,
    ],
    [
      'samples',
      `${show(math.counts?.samples)} (${show(math.counts?.real)} real, ${show(math.counts?.fallback)} fallback, ${show(math.counts?.breaches)} breached)`,
    ],
    ['first breach', math.firstBreachAt],
    ['decided at', math.decidedAt],
    ['breach → action', math.breachToActionSeconds === null ? '–' : `${show(math.breachToActionSeconds)} s`],
  ];
  for (const [name, value] of rows) facts.append(element('dt', {}, name), element('dd', {}, show(value)));

  /** @type {[metric: string, target: string, label: string][]} */
  const allMetrics = [
    ['latency_p95_ms', 'latency_p95_ms', 'p95 ms'],
    ['error_rate', 'max_error_rate', 'error rate'],
    ['drift', 'max_drift', 'drift'],
  ];
  const metrics = allMetrics.filter(([, target]) => targets[target] !== undefined);
  const head = element(
    'tr',
    {},
    element('th', {}, 'sample'),
    ...metrics.map(([, target, label]) => element('th', {}, `${label} (≤ ${show(targets[target])})`)),
    element('th', {}, 'breached'),
  );
  const body = element('tbody', {});
  for (const sample of math.samples ?? []) {
    const cells = metrics.map(([metric, target]) => {
      const value = sample.values?.[metric];
      const over = typeof value === 'number' && value > targets[target];
      return element('td', { class: over ? 'over' : 'ok' }, show(value));
    });
    body.append(
      element(
        'tr',
        { class: sample.breached ? 'breached' : '' },
        element('td', {}, `${sample.seq}${sample.fallback ? ' (fallback)' : ''}`),
        ...cells,
        element('td', {}, sample.breached ? `yes (${sample.breachesSoFar} so far)` : 'no'),
      ),
    );
  }
  const table = element('table', { class: 'math-samples' }, element('thead', {}, head), body);
  const comparisons = comparisonsTable(math.comparisons, math.policy?.baseline?.gate);
  const parts = comparisons === null ? [facts, table] : [facts, comparisons, table];
  return element('div', { class: 'math', 'data-testid': 'why-math' }, ...parts);
}

/**
 * Fills the WHY panel for a job or canary: the narrative lines (`why`) and, for canaries, the math
 * (`why_math`).
 * @param {string} id
 */
export async function showWhy(id) {
  const panel = byId('why');
  const title = byId('why-title');
  const lines = byId('why-lines');
  const math = byId('why-math');
  panel.hidden = false;
  title.textContent = `Why ${id}`;
  lines.replaceChildren(element('li', {}, 'loading…'));
  math.replaceChildren();
  try {
    const story = await cockpitTools().why({ id });
    lines.replaceChildren(...story.lines.map((line) => element('li', {}, line)));
  } catch (error) {
    lines.replaceChildren(
      element('li', { class: 'error' }, error instanceof Error ? error.message : String(error)),
    );
  }
  if (!id.startsWith('canary_')) {
    math.replaceChildren(
      element('p', { class: 'muted' }, 'Jobs have no decision math: the story above is all.'),
    );
    return;
  }
  try {
    math.replaceChildren(renderMath(await cockpitTools().whyMath({ id })));
  } catch (error) {
    math.replaceChildren(
      element('p', { class: 'error' }, error instanceof Error ? error.message : String(error)),
    );
  }
  panel.scrollIntoView({ block: 'nearest' });
}
