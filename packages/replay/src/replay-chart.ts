/**
 * One inline SVG chart: a metric of one canary over time, both policies' thresholds as lines and
 * both decision times as markers. Pure string building; no script, no external resource.
 */
import type { SloMetric } from '@lukhas/core';
import type { ReplaySample } from './replay-result.ts';
import { coordinate, escapeHtml, formatClock, formatMetric, METRIC_LABELS } from './report-format.ts';

/** What one chart shows. Times are ISO strings, as in the result. */
export interface ChartInput {
  readonly metric: SloMetric;
  readonly samples: readonly ReplaySample[];
  /** The chart's time axis: from the canary's start to the latest of its times. */
  readonly from: string;
  readonly to: string;
  readonly recordedTarget: number | undefined;
  readonly replayTarget: number | undefined;
  readonly actualAt: string | null;
  readonly counterfactualAt: string | null;
}

const WIDTH = 640;
const HEIGHT = 190;
const LEFT = 64;
const RIGHT = 16;
const TOP = 22;
const BOTTOM = 38;

/** The chart as an `<svg>` element; fallback samples (no value) are marked on the top edge. */
export function renderChart(input: ChartInput): string {
  const { metric, samples } = input;
  const start = Date.parse(input.from);
  const span = Math.max(1, Date.parse(input.to) - start);
  const highest = samples.reduce(
    (max, sample) => Math.max(max, sample.observed[metric] ?? 0),
    Math.max(input.recordedTarget ?? 0, input.replayTarget ?? 0),
  );
  const top = highest * 1.15 || 1;
  const x = (iso: string) => coordinate(LEFT + ((Date.parse(iso) - start) / span) * (WIDTH - LEFT - RIGHT));
  const y = (value: number) => coordinate(TOP + (1 - Math.min(value, top) / top) * (HEIGHT - TOP - BOTTOM));
  const label = METRIC_LABELS[metric];

  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)} over time">`,
    `<title>${escapeHtml(label)} over time</title>`,
    `<rect class="frame" x="${LEFT}" y="${TOP}" width="${WIDTH - LEFT - RIGHT}" height="${HEIGHT - TOP - BOTTOM}"/>`,
    `<text class="axis" x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end">${escapeHtml(formatMetric(metric, top))}</text>`,
    `<text class="axis" x="${LEFT - 6}" y="${HEIGHT - BOTTOM}" text-anchor="end">0</text>`,
    `<text class="axis" x="${LEFT}" y="${HEIGHT - BOTTOM + 14}">${formatClock(input.from)}</text>`,
    `<text class="axis" x="${WIDTH - RIGHT}" y="${HEIGHT - BOTTOM + 14}" text-anchor="end">${formatClock(input.to)}</text>`,
    `<text class="metric" x="${LEFT + 6}" y="${TOP + 14}">${escapeHtml(label)}</text>`,
  ];
  parts.push(
    thresholdLine('recorded', input.recordedTarget, metric, y),
    thresholdLine('replay', input.replayTarget, metric, y),
  );
  parts.push(seriesPath(samples, metric, x, y));
  for (const sample of samples) parts.push(samplePoint(sample, metric, x, y));
  parts.push(
    decisionMarker('actual', input.actualAt, x),
    decisionMarker('counterfactual', input.counterfactualAt, x),
  );
  parts.push('</svg>');
  return parts.filter((part) => part !== '').join('\n');
}

type Scale = (value: number) => string;

function thresholdLine(
  kind: 'recorded' | 'replay',
  target: number | undefined,
  metric: SloMetric,
  y: Scale,
): string {
  if (target === undefined) return '';
  const at = y(target);
  const text = `${kind} ${formatMetric(metric, target)}`;
  const anchorX = kind === 'recorded' ? WIDTH - RIGHT - 4 : WIDTH - RIGHT - 150;
  return [
    `<line class="threshold ${kind}" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${at}" y2="${at}"/>`,
    `<text class="threshold-label ${kind}" x="${anchorX}" y="${coordinate(Number(at) - 3)}" text-anchor="end">${escapeHtml(text)}</text>`,
  ].join('\n');
}

// One path, broken where a value is missing, so a gap in the data does not look like a trend.
function seriesPath(
  samples: readonly ReplaySample[],
  metric: SloMetric,
  x: (iso: string) => string,
  y: Scale,
): string {
  let pen = 'M';
  const commands: string[] = [];
  for (const sample of samples) {
    const value = sample.observed[metric];
    if (value === null) {
      pen = 'M';
      continue;
    }
    commands.push(`${pen}${x(sample.at)} ${y(value)}`);
    pen = 'L';
  }
  return commands.length === 0 ? '' : `<path class="series" d="${commands.join(' ')}"/>`;
}

function samplePoint(sample: ReplaySample, metric: SloMetric, x: (iso: string) => string, y: Scale): string {
  const value = sample.observed[metric];
  const classes = [
    'point',
    sample.counterfactualBreaches.includes(metric) ? 'breach-replay' : 'ok-replay',
    sample.actualBreaches?.includes(metric) ? 'breach-recorded' : '',
    value === null ? 'missing' : '',
  ].filter((name) => name !== '');
  const tip = `sample ${sample.seq} at ${sample.at}: ${formatMetric(metric, value)}${value === null ? ' (missing)' : ''}`;
  const title = `<title>${escapeHtml(tip)}</title>`;
  if (value === null) {
    const cx = Number(x(sample.at));
    const points = `${coordinate(cx - 4)},${TOP} ${coordinate(cx + 4)},${TOP} ${coordinate(cx)},${TOP + 7}`;
    return `<polygon class="${classes.join(' ')}" points="${points}">${title}</polygon>`;
  }
  return `<circle class="${classes.join(' ')}" cx="${x(sample.at)}" cy="${y(value)}" r="3.5">${title}</circle>`;
}

function decisionMarker(
  kind: 'actual' | 'counterfactual',
  at: string | null,
  x: (iso: string) => string,
): string {
  if (at === null) return '';
  const position = x(at);
  // The actual decision is labelled above the frame, the counterfactual one below: equal times never overlap.
  const labelY = kind === 'actual' ? TOP - 6 : HEIGHT - 6;
  // Near the right edge the label goes on the marker's left, or the frame would cut it.
  const onLeft = Number(position) > WIDTH - 150;
  const labelX = coordinate(Number(position) + (onLeft ? -3 : 3));
  const anchor = onLeft ? ' text-anchor="end"' : '';
  return [
    `<line class="decision ${kind}" x1="${position}" x2="${position}" y1="${TOP}" y2="${HEIGHT - BOTTOM}"/>`,
    `<text class="decision-label ${kind}" x="${labelX}" y="${labelY}"${anchor}>${kind} ${formatClock(at)}</text>`,
  ].join('\n');
}
