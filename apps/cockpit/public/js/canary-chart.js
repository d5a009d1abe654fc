// @ts-check
import { element } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 240;
const HEIGHT = 90;
const PAD = 6;

/**
 * The three SLO series of a canary: which sample field, which policy target, how to print a value.
 * @type {readonly { metric: string, target: string, label: string, format: (value: number) => string }[]}
 */
const SERIES = [
  {
    metric: 'latency_p95_ms',
    target: 'latency_p95_ms',
    label: 'p95 latency',
    format: (v) => `${Math.round(v)} ms`,
  },
  {
    metric: 'error_rate',
    target: 'max_error_rate',
    label: 'error rate',
    format: (v) => `${(v * 100).toFixed(2)}%`,
  },
  { metric: 'drift', target: 'max_drift', label: 'drift', format: (v) => v.toFixed(3) },
];

/**
 * @param {string} name @param {Record<string, string | number>} attributes
 * @returns {SVGElement}
 */
function svg(name, attributes) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/**
 * Inline SVG charts of a canary's p95 latency, error rate and drift against their targets, redrawn
 * as `metric` samples arrive.
 *
 * @example const charts = createCanaryCharts(canary.policy.targets); card.append(charts.element);
 * @param {Record<string, number | undefined>} targets the policy targets
 */
export function createCanaryCharts(targets) {
  /** @type {Map<number, any>} samples by seq, so a replayed sample is drawn once */
  const samples = new Map();
  const element_ = element('div', { class: 'charts' });
  const charts = SERIES.map((series) => {
    const root = /** @type {SVGSVGElement} */ (
      svg('svg', {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        class: 'chart',
        role: 'img',
        'data-metric': series.metric,
      })
    );
    const title = svg('title', {});
    root.append(title);
    const caption = element('figcaption', {}, series.label);
    const figure = element('figure', { class: 'chart-figure' }, caption, root);
    element_.append(figure);
    return { series, root, title, caption };
  });

  const draw = () => {
    const ordered = [...samples.values()].sort((a, b) => a.seq - b.seq);
    for (const { series, root, title, caption } of charts) {
      const target = targets[series.target];
      const values = ordered.map((sample) => Number(sample[series.metric])).filter(Number.isFinite);
      const top = Math.max(target ?? 0, ...values, 1e-9) * 1.25;
      const x = (/** @type {number} */ index) =>
        PAD + (ordered.length <= 1 ? 0 : (index * (WIDTH - 2 * PAD)) / (ordered.length - 1));
      const y = (/** @type {number} */ value) => HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
      root.replaceChildren(title);
      if (target !== undefined) {
        root.append(svg('line', { class: 'target', x1: PAD, x2: WIDTH - PAD, y1: y(target), y2: y(target) }));
      }
      /** @type {string[]} */
      const points = [];
      ordered.forEach((sample, index) => {
        const value = Number(sample[series.metric]);
        if (!Number.isFinite(value)) return;
        points.push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
      });
      if (points.length > 1) root.append(svg('polyline', { class: 'series', points: points.join(' ') }));
      ordered.forEach((sample, index) => {
        const value = Number(sample[series.metric]);
        if (!Number.isFinite(value)) return;
        const over = target !== undefined && value > target;
        const dot = svg('circle', { class: over ? 'point over' : 'point', cx: x(index), cy: y(value), r: 3 });
        const tip = svg('title', {});
        tip.textContent = `sample ${sample.seq}: ${series.format(value)}${sample.fallback ? ' (fallback)' : ''}`;
        dot.append(tip);
        root.append(dot);
      });
      root.setAttribute('data-points', String(points.length));
      const last = values.at(-1);
      const targetText = target === undefined ? 'no target' : `target ${series.format(target)}`;
      caption.textContent = `${series.label}: ${last === undefined ? '–' : series.format(last)} (${targetText})`;
      title.textContent = `${series.label} per sample against ${targetText}`;
    }
  };
  draw();
  return {
    element: element_,
    /** Adds one sample (a `metric` event's data, or a why_math sample's values). @param {any} sample */
    add(sample) {
      samples.set(Number(sample.seq), sample);
      draw();
    },
    get size() {
      return samples.size;
    },
  };
}
