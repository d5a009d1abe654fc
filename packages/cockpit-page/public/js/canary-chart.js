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
 * The baseline's value of `metric` in a sample, or undefined: a value the monitor could not read
 * (a conservative fallback) is left out, as the comparison leaves it out.
 * @param {any} sample @param {string} metric @returns {number | undefined}
 */
function baselineValue(sample, metric) {
  const baseline = sample.baseline;
  if (baseline === null || typeof baseline !== 'object') return undefined;
  if (baseline.fallbackReasons?.[metric] !== undefined) return undefined;
  return readValue(baseline, metric);
}

/**
 * A stored sample (`get_canary`, `why_math`) as the charts draw it: flat like a `metric` event's
 * data, its baseline reading (if any) flat too.
 * @param {any} sample @returns {any}
 */
export function chartSample(sample) {
  const flat = { seq: sample.seq, fallback: sample.fallback, ...sample.values };
  if (sample.baseline === null || typeof sample.baseline !== 'object') return flat;
  const { gate, values, fallback, fallbackReasons } = sample.baseline;
  return { ...flat, baseline: { gate, ...values, fallback, fallbackReasons } };
}

/**
 * The key of the two series, shown once a sample carries a baseline.
 * @param {string} gate the baseline gate
 */
function legend(gate) {
  const key = (/** @type {string} */ kind, /** @type {string} */ text) =>
    element('span', { class: `legend-key legend-${kind}` }, element('span', { class: 'swatch' }), text);
  return element(
    'p',
    { class: 'chart-legend', 'data-baseline-gate': gate },
    key('canary', 'canary'),
    key('baseline', `baseline (${gate})`),
  );
}

/**
 * Inline SVG charts of a canary's p95 latency, error rate and drift against their targets, redrawn
 * as `metric` samples arrive. A canary judged against a baseline gets the baseline's series beside
 * its own (purple, hollow points) and a legend; one without looks as it always did.
 *
 * @example const charts = createCanaryCharts(canary.policy.targets); card.append(charts.element);
 * @param {Record<string, number | undefined>} targets the policy targets
 */
export function createCanaryCharts(targets) {
  /** @type {Map<number, any>} samples by seq, so a replayed sample is drawn once */
  const samples = new Map();
  const element_ = element('div', { class: 'charts' });
  /** @type {HTMLElement | null} */
  let legendElement = null;
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
    const gate = ordered.findLast((sample) => typeof sample.baseline?.gate === 'string')?.baseline.gate;
    if (gate !== undefined && legendElement?.dataset.baselineGate !== gate) {
      const next = legend(gate);
      if (legendElement === null) element_.prepend(next);
      else legendElement.replaceWith(next);
      legendElement = next;
    }
    for (const { series, root, title, caption } of charts) {
      const target = targets[series.target];
      const values = ordered
        .map((sample) => readValue(sample, series.metric))
        .filter((value) => value !== undefined);
      const baselines = ordered.map((sample) => baselineValue(sample, series.metric));
      const baselineValues = baselines.filter((value) => value !== undefined);
      const top = Math.max(target ?? 0, ...values, ...baselineValues, 1e-9) * 1.25;
      const x = (/** @type {number} */ index) =>
        PAD + (ordered.length <= 1 ? 0 : (index * (WIDTH - 2 * PAD)) / (ordered.length - 1));
      const y = (/** @type {number} */ value) => HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
      root.replaceChildren(title);
      if (target !== undefined) {
        root.append(svg('line', { class: 'target', x1: PAD, x2: WIDTH - PAD, y1: y(target), y2: y(target) }));
      }
      // The baseline first, so the canary's own line and points stay on top where they cross.
      if (baselineValues.length > 0) {
        /** @type {string[]} */
        const baselinePoints = [];
        baselines.forEach((value, index) => {
          if (value !== undefined) baselinePoints.push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
        });
        if (baselinePoints.length > 1)
          root.append(svg('polyline', { class: 'baseline-series', points: baselinePoints.join(' ') }));
        baselines.forEach((value, index) => {
          if (value === undefined) return;
          const sample = ordered[index];
          const dot = svg('circle', {
            class: 'baseline-point',
            cx: x(index),
            cy: y(value),
            r: 2.5,
            'data-seq': sample.seq,
            'data-value': value,
          });
          const tip = svg('title', {});
          tip.textContent = `sample ${sample.seq}, baseline ${sample.baseline.gate}: ${series.format(value)}`;
          dot.append(tip);
          root.append(dot);
        });
        root.setAttribute('data-baseline-points', String(baselineValues.length));
      } else {
        root.removeAttribute('data-baseline-points');
      }
      /** @type {string[]} */
      const points = [];
      ordered.forEach((sample, index) => {
        const value = readValue(sample, series.metric);
        if (value === undefined) return;
        points.push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
      });
      if (points.length > 1) root.append(svg('polyline', { class: 'series', points: points.join(' ') }));
      ordered.forEach((sample, index) => {
        const value = readValue(sample, series.metric);
        if (value === undefined) return;
        const over = target !== undefined && value > target;
        const dot = svg('circle', {
          class: over ? 'point over' : 'point',
          cx: x(index),
          cy: y(value),
          r: 3,
          'data-seq': sample.seq,
          'data-value': value,
        });
        const tip = svg('title', {});
        tip.textContent = `sample ${sample.seq}: ${series.format(value)}${sample.fallback ? ' (fallback)' : ''}`;
        dot.append(tip);
        root.append(dot);
      });
      root.setAttribute('data-points', String(points.length));
      const last = values.at(-1);
      const lastBaseline = baselineValues.at(-1);
      const targetText = target === undefined ? 'no target' : `target ${series.format(target)}`;
      const baselineText = lastBaseline === undefined ? '' : `, baseline ${series.format(lastBaseline)}`;
      caption.textContent = `${series.label}: ${last === undefined ? '–' : series.format(last)}${baselineText} (${targetText})`;
      const against = lastBaseline === undefined ? '' : ` and the baseline's (${gate})`;
      title.textContent = `${series.label} per sample${against} against ${targetText}`;
    }
  };
  draw();
  return {
    element: element_,
    /**
     * Adds one sample: a `metric` event's data, or a stored sample through {@link chartSample}.
     * @param {any} sample
     */
    add(sample) {
      samples.set(Number(sample.seq), sample);
      draw();
    },
    get size() {
      return samples.size;
    },
  };
}

/**
 * A sample's value of `metric`, or undefined when the monitor did not read it (null, or absent):
 * `Number(null)` is 0, which would draw an unread metric as a perfect one.
 *
 * @param {Record<string, unknown>} sample
 * @param {string} metric
 * @returns {number | undefined}
 */
function readValue(sample, metric) {
  const value = sample[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
