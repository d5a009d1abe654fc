// Turns one `pnpm bench` run into BENCHMARKS.md: the run's header, an overview, one table per suite
// (each figure, its comparison from the same run, the ratio and which way is better), and how to
// read and rerun it. The rows' shape is scripts/bench-results.ts.

/** Within this factor of its comparison, a figure counts as the same: run-to-run noise. */
const SAME_WITHIN = 1.05;

/**
 * A results row with `ratio` (value ÷ comparison), `factor` (how many times better or worse, ≥ 1)
 * and `verdict` (`better`, `same`, `worse`), all null without a comparison to divide by.
 */
export function compareRow(row) {
  const comparison = row.comparison?.value;
  if (!isMeasured(row.value) || !isMeasured(comparison) || comparison === 0) {
    const equal = isMeasured(row.value) && row.value === comparison;
    return { ...row, ratio: null, factor: equal ? 1 : null, verdict: equal ? 'same' : null };
  }
  const ratio = row.value / comparison;
  const advantage = row.better === 'higher' ? ratio : 1 / ratio;
  const verdict = advantage >= SAME_WITHIN ? 'better' : advantage <= 1 / SAME_WITHIN ? 'worse' : 'same';
  const factor = advantage >= 1 ? advantage : 1 / advantage;
  return {
    ...row,
    ratio: round(ratio, 4),
    factor: Number.isFinite(factor) ? round(factor, 2) : null,
    verdict,
  };
}

/** BENCHMARKS.md for a report as scripts/bench.mjs writes it to BENCHMARKS.json. */
export function renderMarkdown(report) {
  const { machine, commit } = report;
  const lines = [
    '# Benchmarks',
    '',
    'The latest measured run of `pnpm bench`: every figure next to its comparison, measured in the',
    'same run on the same machine. Benchmarks measure; they never fail the build.',
    '',
    `- **Date:** ${formatDate(report.measuredAt)}`,
    `- **Machine:** ${machine.cpuCount} × ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM`,
    `- **OS:** ${machine.os}, ${machine.kernel} (${machine.arch})`,
    `- **Node:** ${report.node} · **pnpm:** ${report.pnpm}`,
    `- **Commit:** \`${commit.sha.slice(0, 12)}\`${commit.dirty ? ' with uncommitted changes' : ''}`,
    `- **Total duration:** ${formatDuration(report.durationSeconds)}`,
    `- **Load average (1 min):** ${machine.loadAverage.start} at the start, ${machine.loadAverage.end} at the end`,
    ...(report.note ? [`- **Note:** ${report.note}`] : []),
    '',
    '| suite | status | duration | figures | against their comparison | rerun |',
    '| --- | --- | --- | --- | --- | --- |',
    ...report.suites.map(
      (suite) =>
        `| [${suite.suite}](#${suite.suite}) | ${suite.status} | ${formatDuration(suite.durationSeconds)} | ` +
        `${suite.rows.length} | ${tally(suite.rows)} | \`${suite.command}\` |`,
    ),
    '',
    ...report.suites.flatMap(renderSuite),
    '## How to read this',
    '',
    '- **ratio** is the figure ÷ its comparison. **better** says which way is better for that figure',
    `  (↑ higher, ↓ lower); **verdict** turns the ratio into “N× better” or “N× worse” (within ${Math.round((SAME_WITHIN - 1) * 100)}%: same).`,
    '- The comparison always ran in the same run on the same machine, so the ratio holds across',
    '  machines far better than the absolute figures do. Compare ratios, not figures, between runs.',
    '- Where the comparison is a ceiling (a plain route doing none of the work), “worse” is expected:',
    '  the ratio is the price of the feature.',
    '- The load average shows other work on the machine; a high one makes latencies and rates worse.',
    '- A suite that fails or overruns is listed with its status and the end of its output; the other',
    '  suites still run, and `pnpm bench` still exits 0.',
    '- BENCHMARKS.json holds the same run: every row with `ratio`, `factor` and `verdict`, and each',
    "  suite's raw figures under `details`.",
    '',
    '## How to rerun',
    '',
    '- `pnpm bench` at the root runs every package that has a `bench` script, one after another, and',
    '  rewrites BENCHMARKS.md and BENCHMARKS.json. `BENCH_NOTE` adds a note to the header;',
    '  `BENCH_SUITE_TIMEOUT_SECONDS` (480) and `BENCH_BUDGET_SECONDS` (840) bound the run.',
    '- One suite: `pnpm --filter <name> bench` (for example `pnpm --filter @lukhas/sse-bus bench`)',
    "  prints its tables and writes its `bench/results.json`; the package's README lists its knobs.",
    '',
  ];
  return lines.join('\n');
}

function renderSuite(suite) {
  const lines = [`## ${suite.suite}`, ''];
  if (suite.title) lines.push(suite.title, '');
  lines.push(
    `\`${suite.command}\` · ${suite.status} · ${formatDuration(suite.durationSeconds)}` +
      (suite.measuredAt ? ` · measured ${formatDate(suite.measuredAt)}` : ''),
    '',
  );
  if (suite.problem) lines.push(`**${suite.status}:** ${suite.problem}`, '');
  if (suite.status !== 'ok' && suite.outputTail.length > 0) {
    lines.push('```text', ...suite.outputTail, '```', '');
  }
  if (suite.rows.length === 0) return lines;
  const grouped = suite.rows.some((row) => row.group);
  lines.push(
    `|${grouped ? ' setup |' : ''} figure | value | compared with | ratio | better | verdict |`,
    `|${grouped ? ' --- |' : ''} --- | ---: | --- | ---: | --- | --- |`,
  );
  let group;
  const notes = [];
  for (const row of suite.rows) {
    const setup = row.group && row.group !== group ? row.group : '';
    group = row.group;
    if (row.note) {
      const where = [row.group, row.figure].filter(Boolean).join(', ');
      notes.push(`<sup>${notes.length + 1}</sup> ${where}: ${row.note}`);
    }
    const comparison = row.comparison
      ? `${row.comparison.label}: ${formatValue(row.comparison.value, row.unit)}`
      : '—';
    lines.push(
      `|${grouped ? ` ${cell(setup)} |` : ''} ${cell(row.figure)}${row.note ? ` <sup>${notes.length}</sup>` : ''} | ${formatValue(row.value, row.unit)} | ` +
        `${cell(comparison)} | ${row.ratio === null ? '—' : formatNumber(row.ratio)} | ` +
        `${row.better === 'higher' ? '↑ higher' : '↓ lower'} | ${formatVerdict(row)} |`,
    );
  }
  if (notes.length > 0) lines.push('', ...notes.map((note) => `${note}  `));
  lines.push('');
  return lines;
}

function tally(rows) {
  const count = (verdict) => rows.filter((row) => row.verdict === verdict).length;
  if (rows.length === 0) return '—';
  return `${count('better')} better · ${count('same')} same · ${count('worse')} worse`;
}

function formatVerdict(row) {
  if (row.verdict === null) return '—';
  if (row.verdict === 'same') return '≈ same';
  // A factor is missing where one side is 0: better or worse, by no finite factor.
  const factor =
    row.factor === null
      ? ''
      : row.factor >= 10
        ? `${Math.round(row.factor).toLocaleString('en-US')}× `
        : `${row.factor.toFixed(2)}× `;
  return row.verdict === 'better' ? `**${factor}better**` : `${factor}worse`;
}

function formatValue(value, unit) {
  return isMeasured(value) ? `${formatNumber(value)} ${unit}` : 'not measured';
}

function formatNumber(value) {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && magnitude < 1) return value.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function formatDuration(seconds) {
  if (!isMeasured(seconds)) return '—';
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function formatDate(iso) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function cell(text) {
  return String(text).replaceAll('|', '\\|');
}

function isMeasured(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

function round(value, digits) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
