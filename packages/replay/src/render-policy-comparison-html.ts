/**
 * The human form of an N-policy replay (`--policy a.json --policy b.json --report r.html`): one
 * self-contained page, byte-identical for the same comparison.
 */
import { describePolicy } from './canary-section.ts';
import type { PolicyComparison, PolicyComparisonCanary } from './policy-comparison.ts';
import { reportDocument, skippedCanaries } from './report-document.ts';
import { escapeHtml, formatDuration, formatTime } from './report-format.ts';

/** Options of {@link renderPolicyComparisonHtml}. */
export interface PolicyComparisonHtmlOptions {
  /** Page title; default `Replay of <model> under N policies`. */
  readonly title?: string;
}

const COMPARISON_CSS = `
body { max-width: 1280px; }
table.policy-decisions td.differs { background: #ffebe9; }
table.policy-decisions small { color: #59636e; white-space: nowrap; }
table.policy-decisions sup { margin-left: 3px; } table.policy-decisions td:nth-child(2) { white-space: nowrap; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
ol.notes li { margin: 4px 0; }
`;

/**
 * A complete HTML document: the policies, a totals table (the actual decisions, then each policy:
 * promoted, rolled back, undecided, decisions differing from the actual, median time to decision)
 * and a table with one row per canary (its actual decision, then each policy's decision, rule,
 * time and time to decision; a cell whose outcome differs from the actual is marked). A canary's
 * caveats are numbered notes below. Inline CSS, no script, no external resource; every recorded
 * string escaped; no clock, no locale: the same comparison always gives the same bytes.
 *
 * @example
 * await writeFile('replay-day.html', renderPolicyComparisonHtml(comparison));
 */
export function renderPolicyComparisonHtml(
  comparison: PolicyComparison,
  options: PolicyComparisonHtmlOptions = {},
): string {
  const count = comparison.policies.length;
  const title =
    options.title ?? `Replay of ${comparison.modelId} under ${count} ${count === 1 ? 'policy' : 'policies'}`;
  const notes = collectNotes(comparison.canaries);
  return reportDocument({
    title,
    subject: comparison,
    css: COMPARISON_CSS,
    body: [
      '<h2>Policies</h2>',
      `<ol class="policies">${comparison.policies
        .map(
          ({ name, policy }) =>
            `<li><code>${escapeHtml(name)}</code>: ${escapeHtml(describePolicy(policy))}</li>`,
        )
        .join('')}</ol>`,
      '<h2>Totals</h2>',
      totalsTable(comparison),
      '<h2>Canaries</h2>',
      decisionsTable(comparison, notes),
      skippedCanaries(comparison.skipped),
      notesList(notes),
      '<footer>Every canary with samples in the window re-judged under each policy by the engine’s own decision rule (decideCanary), ' +
        'from its recorded samples and baseline readings. “Differs” counts outcomes (promoted, rolled back, none) unlike the actual one; ' +
        'time to decision is from the canary’s start. Same input, same report.</footer>',
    ],
  });
}

function totalsTable(comparison: PolicyComparison): string {
  const { actual, policies } = comparison.totals;
  const cells = (totals: typeof actual, differ: string) =>
    [totals.canaries, totals.promoted, totals.rolledBack, totals.undecided]
      .map((value) => `<td class="number">${value}</td>`)
      .join('') +
    `<td class="number">${differ}</td><td class="number">${formatDuration(totals.medianSecondsToDecision)}</td>`;
  return [
    '<table class="policy-totals">',
    '<tr><th></th><th>canaries</th><th>promoted</th><th>rolled back</th><th>undecided</th><th>differ from actual</th><th>median time to decision</th></tr>',
    `<tr data-policy="actual"><th>actual</th>${cells(actual, '—')}</tr>`,
    ...policies.map(
      (totals) =>
        `<tr data-policy="${escapeHtml(totals.policy)}"><th><code>${escapeHtml(totals.policy)}</code></th>${cells(totals, String(totals.differ))}</tr>`,
    ),
    '</table>',
  ].join('\n');
}

function decisionsTable(comparison: PolicyComparison, notes: Notes): string {
  if (comparison.canaries.length === 0) return '<p>No canary of this model has samples in the window.</p>';
  const heads = comparison.policies.map(({ name }) => `<th><code>${escapeHtml(name)}</code></th>`).join('');
  const rows = comparison.canaries.map((canary) => {
    const policyCells = canary.decisions.map((decision) => {
      const refs = notes.refs.get(`${canary.canaryId}\u0000${decision.policy}`) ?? [];
      const marks = refs.map((ref) => `<sup><a href="#note-${ref}">${ref}</a></sup>`).join('');
      return (
        `<td data-policy="${escapeHtml(decision.policy)}"${decision.differs === true ? ' class="differs"' : ''}>` +
        `${decisionText(decision)}${marks}</td>`
      );
    });
    return (
      `<tr data-canary-id="${escapeHtml(canary.canaryId)}"><td><code>${escapeHtml(canary.canaryId)}</code></td>` +
      `<td>${formatTime(canary.startedAt)}</td><td class="number">${canary.samples}</td>` +
      `<td data-policy="actual">${decisionText(canary.actual)}</td>${policyCells.join('')}</tr>`
    );
  });
  return [
    '<table class="policy-decisions">',
    `<tr><th>canary</th><th>started</th><th>samples</th><th>actual</th>${heads}</tr>`,
    ...rows,
    '</table>',
  ].join('\n');
}

// `promoted (window_elapsed) · 2025-09-28 14:05:00Z · after 5m 00s`.
function decisionText(decision: {
  readonly state: string;
  readonly rule: string | null;
  readonly decidedAt: string | null;
  readonly secondsToDecision: number | null;
}): string {
  const state = `<span class="state state-${escapeHtml(decision.state)}">${escapeHtml(decision.state.replace('_', ' '))}</span>`;
  const rule = decision.rule === null ? '' : ` <small>(${escapeHtml(decision.rule)})</small>`;
  if (decision.decidedAt === null) return `${state}${rule}`;
  return `${state}${rule}<br><small>${formatTime(decision.decidedAt)} · after ${formatDuration(decision.secondsToDecision)}</small>`;
}

/** Numbered caveats: one note per canary and distinct text, naming the policies it applies to. */
interface Notes {
  readonly list: readonly { readonly canaryId: string; readonly policies: string[]; readonly text: string }[];
  /** `canaryId NUL policy` → note numbers. */
  readonly refs: ReadonlyMap<string, number[]>;
}

function collectNotes(canaries: readonly PolicyComparisonCanary[]): Notes {
  const list: { canaryId: string; policies: string[]; text: string }[] = [];
  const refs = new Map<string, number[]>();
  for (const canary of canaries) {
    const byText = new Map<string, number>();
    for (const decision of canary.decisions) {
      for (const text of decision.caveats) {
        let index = byText.get(text);
        if (index === undefined) {
          list.push({ canaryId: canary.canaryId, policies: [], text });
          index = list.length;
          byText.set(text, index);
        }
        list[index - 1]?.policies.push(decision.policy);
        const key = `${canary.canaryId}\u0000${decision.policy}`;
        refs.set(key, [...(refs.get(key) ?? []), index]);
      }
    }
  }
  return { list, refs };
}

function notesList(notes: Notes): string {
  if (notes.list.length === 0) return '';
  const items = notes.list.map(
    (note, index) =>
      `<li id="note-${index + 1}"><code>${escapeHtml(note.canaryId)}</code> under ${note.policies
        .map((policy) => `<code>${escapeHtml(policy)}</code>`)
        .join(', ')}: ${escapeHtml(note.text)}</li>`,
  );
  return ['<h2>Notes</h2>', `<ol class="notes">${items.join('')}</ol>`].join('\n');
}
