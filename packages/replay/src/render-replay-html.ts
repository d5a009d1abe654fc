/**
 * The human form of a replay (`--report replay.html`): one self-contained page, byte-identical for
 * the same result.
 */
import { describePolicy, renderCanarySection } from './canary-section.ts';
import type { ReplayResult } from './replay-result.ts';
import { reportDocument, skippedCanaries } from './report-document.ts';
import { escapeHtml, formatTime } from './report-format.ts';

/** Options of {@link renderReplayHtml}. */
export interface ReplayHtmlOptions {
  /** Page title; default `Counterfactual replay of <model>`. */
  readonly title?: string;
}

/**
 * A complete HTML document: inline CSS, an inline SVG chart per metric and canary with both
 * policies' thresholds and both decision times, no script and no external resource. Every
 * recorded string is escaped. Deterministic: no clock, no randomness, fixed number formats, so
 * the same result (and title) always gives the same bytes.
 *
 * @example
 * await writeFile('replay-1400.html', renderReplayHtml(result, { title: 'matriz-v3 at 14:00' }));
 */
export function renderReplayHtml(result: ReplayResult, options: ReplayHtmlOptions = {}): string {
  const title = options.title ?? `Counterfactual replay of ${result.modelId}`;
  const anchors = result.canaries.map((_, index) => `canary-${index + 1}`);
  return reportDocument({
    title,
    subject: result,
    body: [
      `<p>Replay policy: ${escapeHtml(describePolicy(result.policy))}.</p>`,
      totals(result),
      '<h2>Canaries</h2>',
      overview(result, anchors),
      skippedCanaries(result.skipped),
      legend(),
      ...result.canaries.map((canary, index) =>
        renderCanarySection(canary, anchors[index] ?? '', result.policy),
      ),
      "<footer>Each canary's samples re-judged with the replay policy by the engine's own decision rule (decideCanary), " +
        "from its recorded start; an operator abort or a traffic router failure is not replayed, an operator's promotion is taken as recorded. Same input, same report.</footer>",
    ],
  });
}

function totals(result: ReplayResult): string {
  const { totals } = result;
  const cells: [string, number][] = [
    ['canaries', totals.canaries],
    ['samples replayed', totals.samples],
    ['same decision', totals.same],
    ['changed', totals.changed],
    ['would have promoted', totals.wouldHavePromoted],
    ['would have rolled back', totals.wouldHaveRolledBack],
    ['earlier / later', totals.earlier + totals.later],
    ['undecided', totals.undecided],
  ];
  const items = cells.map(([name, value]) => `<div><dt>${name}</dt><dd>${value}</dd></div>`).join('');
  return `<dl class="totals">${items}</dl>`;
}

function overview(result: ReplayResult, anchors: readonly string[]): string {
  if (result.canaries.length === 0) return '<p>No canary of this model has samples in the window.</p>';
  const rows = result.canaries.map((canary, index) => {
    const { actual, counterfactual } = canary;
    const decision = (state: string, at: string | null) =>
      `${escapeHtml(state.replace('_', ' '))} ${formatTime(at)}`;
    return (
      `<tr><td><a href="#${escapeHtml(anchors[index] ?? '')}">${escapeHtml(canary.canaryId)}</a></td>` +
      `<td>${formatTime(canary.startedAt)}</td><td>${canary.samples.length}</td>` +
      `<td>${decision(actual.state, actual.decidedAt)}</td><td>${decision(counterfactual.state, counterfactual.decidedAt)}</td>` +
      `<td class="kind-${canary.difference.kind}">${escapeHtml(canary.difference.summary)}</td></tr>`
    );
  });
  return [
    '<table class="overview">',
    '<tr><th>canary</th><th>started</th><th>samples</th><th>actual</th><th>counterfactual</th><th>difference</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}

function legend(): string {
  return (
    '<p class="legend"><span><i class="recorded"></i>recorded policy threshold</span>' +
    '<span><i class="replay"></i>replay policy threshold</span>' +
    '<span><i class="actual"></i>actual decision</span>' +
    '<span><i class="counterfactual"></i>counterfactual decision</span>' +
    '<span>dots: red = breach under the replay policy, dark ring = breach as recorded, ▽ = no value (fallback)</span></p>'
  );
}
