/**
 * The part of the HTML report about one canary: the two decisions side by side, the caveats, a
 * chart per metric and the samples.
 */
import { METRIC_TARGETS, SLO_METRICS, type SloMetric, type SloPolicy } from '@lukhas/core';
import { renderComparisons } from './comparison-table.ts';
import { describeStep, formatSampleStep, renderLadders } from './ladder-table.ts';
import { renderChart } from './replay-chart.ts';
import type { ActualDecision, CanaryReplay, CounterfactualDecision } from './replay-result.ts';
import { escapeHtml, formatMetric, formatTime, trimmed } from './report-format.ts';

/** `<section>` of one canary; `anchor` is its id in the page. */
export function renderCanarySection(canary: CanaryReplay, anchor: string, policy: SloPolicy): string {
  const { actual, counterfactual, difference } = canary;
  const gates = canary.fromGate === '' ? `gate ${canary.toGate}` : `${canary.fromGate} → ${canary.toGate}`;
  const caveats =
    canary.caveats.length === 0
      ? ''
      : `<ul class="caveats">${canary.caveats.map((caveat) => `<li>${escapeHtml(caveat)}</li>`).join('')}</ul>`;
  return [
    `<section class="canary" id="${escapeHtml(anchor)}">`,
    `<h3>${escapeHtml(canary.canaryId)} <small>${escapeHtml(gates)}, started ${formatTime(canary.startedAt)}</small></h3>`,
    `<p class="difference kind-${difference.kind}">${escapeHtml(difference.summary)}</p>`,
    decisionTable(actual, counterfactual, policy),
    `<p class="explanation">Counterfactual: ${escapeHtml(counterfactual.math.explanation)}</p>`,
    caveats,
    renderComparisons(counterfactual.math.comparisons, canary.baseline),
    renderLadders(canary),
    charts(canary, policy),
    sampleTable(canary),
    '</section>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * `window 300s every 30s, failureLimit 0, minSamples 3; p95 latency ≤ 800 ms, error rate ≤ 1.00%`,
 * then `, error budget burn ≤ 14.4× (slo 99.9%)`, `; compare: latency_p95_ms +10%`, `; dryRun: drift`
 * and `; steps: setWeight 10, pause 30s, …` for a policy with those.
 */
export function describePolicy(policy: SloPolicy): string {
  const targets = SLO_METRICS.flatMap((metric) => {
    const target = policy.targets[METRIC_TARGETS[metric]];
    return target === undefined ? [] : [`${metric} ≤ ${formatMetric(metric, target)}`];
  });
  const budget = policy.targets.error_budget;
  if (budget !== undefined) {
    targets.push(
      `error budget burn ≤ ${trimmed(budget.maxBurnRate, 3)}× (slo ${trimmed(budget.slo * 100, 4)}%)`,
    );
  }
  const compare = SLO_METRICS.flatMap((metric) => {
    const allowed = policy.compare?.[metric];
    if (allowed === undefined) return [];
    return [
      'maxIncreasePct' in allowed
        ? `${metric} +${trimmed(allowed.maxIncreasePct, 3)}%`
        : `${metric} +${formatMetric(metric, allowed.maxIncrease)}`,
    ];
  });
  const parts = [
    `window ${policy.windowSeconds}s every ${policy.intervalSeconds}s, failureLimit ${policy.failureLimit}, ` +
      `minSamples ${policy.minSamples}; ${targets.join(', ')}`,
    ...(compare.length === 0 ? [] : [`compare: ${compare.join(', ')}`]),
    ...(policy.dryRun === undefined || policy.dryRun.length === 0
      ? []
      : [`dryRun: ${policy.dryRun.join(', ')}`]),
    ...(policy.steps === undefined ? [] : [`steps: ${policy.steps.map(describeStep).join(', ')}`]),
  ];
  return parts.join('; ');
}

function decisionTable(
  actual: ActualDecision,
  counterfactual: CounterfactualDecision,
  policy: SloPolicy,
): string {
  const state = (value: string) =>
    `<span class="state state-${value}">${escapeHtml(value.replace('_', ' '))}</span>`;
  const row = (name: string, left: string, right: string) =>
    `<tr><th>${name}</th><td>${left}</td><td>${right}</td></tr>`;
  const text = (value: string | null) => (value === null ? '—' : escapeHtml(value));
  return [
    '<table class="decisions">',
    '<tr><th></th><th>actual</th><th>counterfactual</th></tr>',
    row('decision', state(actual.state), state(counterfactual.state)),
    row('rule', text(actual.rule), text(counterfactual.rule)),
    row('decided at', formatTime(actual.decidedAt), formatTime(counterfactual.decidedAt)),
    row('reason', text(actual.reason), text(counterfactual.reason)),
    row(
      'policy',
      actual.policy === null ? 'none recorded' : escapeHtml(describePolicy(actual.policy)),
      escapeHtml(describePolicy(policy)),
    ),
    '</table>',
  ].join('\n');
}

function charts(canary: CanaryReplay, policy: SloPolicy): string {
  const recorded = canary.actual.policy;
  const times = [
    canary.counterfactual.math.window.endsAt,
    canary.counterfactual.evaluatedUntil,
    canary.actual.decidedAt,
    canary.counterfactual.decidedAt,
    canary.samples.at(-1)?.at ?? null,
  ].filter((time) => time !== null);
  const to = times.reduce(
    (latest, time) => (Date.parse(time) > Date.parse(latest) ? time : latest),
    canary.startedAt,
  );
  const targeted = (metric: SloMetric, which: SloPolicy | null) => which?.targets[METRIC_TARGETS[metric]];
  const metrics = SLO_METRICS.filter(
    (metric) =>
      metric !== 'drift' ||
      targeted(metric, policy) !== undefined ||
      targeted(metric, recorded) !== undefined,
  );
  const rendered = metrics.map((metric) =>
    renderChart({
      metric,
      samples: canary.samples,
      from: canary.startedAt,
      to,
      recordedTarget: targeted(metric, recorded),
      replayTarget: targeted(metric, policy),
      actualAt: canary.actual.decidedAt,
      counterfactualAt: canary.counterfactual.decidedAt,
    }),
  );
  return `<div class="charts">\n${rendered.join('\n')}\n</div>`;
}

function sampleTable(canary: CanaryReplay): string {
  const verdict = (breached: boolean | null, fallback = false) =>
    breached === null
      ? '—'
      : `${breached ? '<b class="bad">breach</b>' : 'ok'}${fallback ? ' (fallback)' : ''}`;
  // With steps: which step (and weight) each sample fell in, under each ladder.
  const stepped = canary.ladders !== undefined;
  const stepCells = (sample: CanaryReplay['samples'][number]) =>
    stepped
      ? `<td>${formatSampleStep(sample.steps?.recorded)}</td><td>${formatSampleStep(sample.steps?.replay)}</td>`
      : '';
  // With baseline readings: what the baseline gate read beside each sample.
  const withBaseline = canary.samples.some((sample) => sample.baseline !== undefined);
  const baselineCells = (sample: CanaryReplay['samples'][number]) =>
    withBaseline ? `<td>${baselineText(sample.baseline)}</td>` : '';
  const baselineHead = withBaseline ? '<th>baseline</th>' : '';
  const rows = canary.samples.map(
    (sample) =>
      `<tr><td>${sample.seq}</td><td>${formatTime(sample.at)}</td>` +
      SLO_METRICS.map((metric) => `<td>${formatMetric(metric, sample.observed[metric])}</td>`).join('') +
      baselineCells(sample) +
      `<td>${verdict(sample.breachedActual)}</td><td>${verdict(sample.breachedCounterfactual, sample.fallbackCounterfactual)}</td>` +
      `${stepCells(sample)}</tr>`,
  );
  const stepHeads = stepped ? '<th>recorded step</th><th>replay step</th>' : '';
  return [
    `<details><summary>${canary.samples.length} sample${canary.samples.length === 1 ? '' : 's'}</summary>`,
    '<table class="samples">',
    `<tr><th>seq</th><th>at</th><th>p95 latency</th><th>error rate</th><th>drift</th>${baselineHead}<th>recorded policy</th><th>replay policy</th>${stepHeads}</tr>`,
    ...rows,
    '</table>',
    '</details>',
  ].join('\n');
}

// `300 ms, 0.20%`: the values the baseline gate read; `—` when it read none.
function baselineText(baseline: CanaryReplay['samples'][number]['baseline']): string {
  const read = SLO_METRICS.flatMap((metric) => {
    const value = baseline?.[metric];
    return value === null || value === undefined ? [] : [formatMetric(metric, value)];
  });
  return read.length === 0 ? '—' : read.join(', ');
}
