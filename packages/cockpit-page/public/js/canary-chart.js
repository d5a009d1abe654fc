// @ts-check
/**
 * The SLO charts of a canary card: inline SVG (no library), one per metric, with a time axis
 * (offsets from the window's start) and a value axis with tick labels, the policy's target as a
 * dashed line, the baseline gate's series beside the canary's when the policy has one, a sample
 * whose value the monitor could not read marked with a red cross on the top edge (never drawn at
 * its conservative 9999 ms), and a value that is missing left as a gap in the line.
 */
import { timeTicks, valueTicks } from './chart-scale.js';
import { element } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 320;
const HEIGHT = 150;
/** Room for the value labels on the left and the time labels below. */
const PLOT = { left: 44, right: 10, top: 10, bottom: 20 };

/**
 * The three SLO series of a canary: which sample field, which policy target, how to print a value
 * (`format` in captions and tips, `tick` on the axis).
 * @type {readonly { metric: string, target: string, label: string, format: (value: number) => string, tick: (value: number) => string }[]}
 */
const SERIES = [
  {
    metric: 'latency_p95_ms',
    target: 'latency_p95_ms',
    label: 'p95 latency',
    format: (v) => `${Math.round(v)} ms`,
    tick: (v) => `${Number(v.toPrecision(3))}`,
  },
  {
    metric: 'error_rate',
    target: 'max_error_rate',
    label: 'error rate',
    format: (v) => `${(v * 100).toFixed(2)}%`,
    tick: (v) => `${Number((v * 100).toPrecision(3))}%`,
  },
  {
    metric: 'drift',
    target: 'max_drift',
    label: 'drift',
    format: (v) => v.toFixed(3),
    tick: (v) => `${Number(v.toPrecision(3))}`,
  },
];

/**
 * @param {string} name @param {Record<string, string | number>} attributes @param {string} [text]
 * @returns {SVGElement}
 */
function svg(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A sample's value of `metric`, or undefined when the monitor did not read it (null, or absent):
 * `Number(null)` is 0, which would draw an unread metric as a perfect one.
 * @param {Record<string, unknown>} sample @param {string} metric @returns {number | undefined}
 */
function readValue(sample, metric) {
  const value = sample[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** True when the monitor could not read `metric` and the judge used its conservative value. @param {any} sample @param {string} metric */
function isFallback(sample, metric) {
  return sample?.fallbackReasons?.[metric] !== undefined;
}

/**
 * What the canary's chart draws of `metric` in a sample: its value, or undefined (a gap) when it
 * is missing or only the conservative fallback.
 * @param {any} sample @param {string} metric
 */
function canaryValue(sample, metric) {
  return isFallback(sample, metric) ? undefined : readValue(sample, metric);
}

/**
 * The baseline's value of `metric` in a sample, or undefined: a value the monitor could not read
 * (a conservative fallback) is left out, as the comparison leaves it out.
 * @param {any} sample @param {string} metric @returns {number | undefined}
 */
function baselineValue(sample, metric) {
  const baseline = sample.baseline;
  if (baseline === null || typeof baseline !== 'object') return undefined;
  return isFallback(baseline, metric) ? undefined : readValue(baseline, metric);
}

/**
 * A stored sample (`get_canary`, `why_math`) as the charts draw it: flat like a `metric` event's
 * data, its baseline reading (if any) flat too.
 * @param {any} sample @returns {any}
 */
export function chartSample(sample) {
  const { seq, at, fallback, fallbackReasons } = sample;
  const flat = { seq, at, fallback, fallbackReasons, ...sample.values };
  if (sample.baseline === null || typeof sample.baseline !== 'object') return flat;
  const { gate, values } = sample.baseline;
  const baseline = { gate, ...values, fallback: sample.baseline.fallback };
  return { ...flat, baseline: { ...baseline, fallbackReasons: sample.baseline.fallbackReasons } };
}

/**
 * The key of the series, shown once a sample carries a baseline or a fallback.
 * @param {string | undefined} gate the baseline gate @param {boolean} fallback
 */
function legend(gate, fallback) {
  const key = (/** @type {string} */ kind, /** @type {string} */ text) =>
    element('span', { class: `legend-key legend-${kind}` }, element('span', { class: 'swatch' }), text);
  const node = element('p', { class: 'chart-legend' }, key('canary', 'canary'));
  if (gate !== undefined) {
    node.dataset.baselineGate = gate;
    node.append(key('baseline', `baseline (${gate})`));
  }
  if (fallback) node.append(key('fallback', 'no reading (fallback)'));
  return node;
}

/**
 * A path through the points, broken where a value is missing.
 * @param {(readonly [number, number] | undefined)[]} points
 */
function brokenLine(points) {
  /** @type {string[]} */
  const commands = [];
  let drawing = false;
  for (const point of points) {
    if (point === undefined) {
      drawing = false;
      continue;
    }
    commands.push(`${drawing ? 'L' : 'M'}${point[0].toFixed(1)},${point[1].toFixed(1)}`);
    drawing = true;
  }
  return commands.join(' ');
}

/**
 * @typedef {object} ChartWindow
 * @property {string} [startedAt] ISO start of the window
 * @property {string} [windowEndsAt] ISO end of the window
 * @property {string | null} [decidedAt]
 * @property {boolean} [decided]
 * @property {boolean} [stepped] the policy has steps: the window only bounds it, the data sets the axis
 */

/**
 * The time span a chart shows: a running window canary its whole window (the points fill it as it
 * goes); a decided one up to its decision; one with steps, or with no window known, its samples.
 * @param {ChartWindow} window @param {number[]} times
 */
function timeDomain(window, times) {
  const start = Date.parse(window.startedAt ?? '');
  const first = Math.min(...times);
  const from = Number.isNaN(start) ? (Number.isFinite(first) ? first : Date.now()) : start;
  const last = times.length > 0 ? Math.max(...times) : from;
  const end = Date.parse(window.windowEndsAt ?? '');
  const decided = Date.parse(window.decidedAt ?? '');
  let to = last;
  if (window.decided) to = Math.max(last, Number.isNaN(decided) ? last : decided);
  else if (!window.stepped && !Number.isNaN(end)) to = Math.max(end, last);
  return { from, to: Math.max(to, from + 1000) };
}

/**
 * Inline SVG charts of a canary's p95 latency, error rate and drift against their targets, redrawn
 * as `metric` samples arrive. A canary judged against a baseline gets the baseline's series beside
 * its own (purple, hollow points) and a legend.
 *
 * @example const charts = createCanaryCharts(canary.policy.targets); card.append(charts.element);
 * @param {Record<string, number | undefined>} targets the policy targets
 */
export function createCanaryCharts(targets) {
  /** @type {Map<number, any>} samples by seq, so a replayed sample is drawn once */
  const samples = new Map();
  /** @type {ChartWindow} */
  let window = {};
  const root = element('div', { class: 'charts' });
  /** @type {HTMLElement | null} */
  let legendElement = null;
  const charts = SERIES.map((series) => {
    const chart = /** @type {SVGSVGElement} */ (
      svg('svg', {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        class: 'chart',
        role: 'img',
        'data-metric': series.metric,
      })
    );
    const title = svg('title', {});
    chart.append(title);
    const caption = element('figcaption', {}, series.label);
    root.append(element('figure', { class: 'chart-figure' }, caption, chart));
    return { series, chart, title, caption };
  });

  const showLegend = (/** @type {any[]} */ ordered) => {
    const gate = ordered.findLast((sample) => typeof sample.baseline?.gate === 'string')?.baseline.gate;
    const fallback = ordered.some((sample) => SERIES.some((series) => isFallback(sample, series.metric)));
    if (gate === undefined && !fallback) return;
    const key = `${gate ?? ''}|${fallback}`;
    if (legendElement?.dataset.key === key) return;
    const next = legend(gate, fallback);
    next.dataset.key = key;
    if (legendElement === null) root.prepend(next);
    else legendElement.replaceWith(next);
    legendElement = next;
  };

  const draw = () => {
    const ordered = [...samples.values()].sort((a, b) => a.seq - b.seq);
    showLegend(ordered);
    const times = ordered.map((sample) => Date.parse(sample.at)).filter((time) => !Number.isNaN(time));
    const { from, to } = timeDomain(window, times);
    const plotWidth = WIDTH - PLOT.left - PLOT.right;
    const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
    // A sample without a time (never sent by the server today) goes where its order puts it.
    const timeOf = (/** @type {any} */ sample, /** @type {number} */ index) => {
      const time = Date.parse(sample.at);
      return Number.isNaN(time) ? from + ((to - from) * (index + 1)) / (ordered.length + 1) : time;
    };
    const x = (/** @type {number} */ time) => PLOT.left + ((time - from) / (to - from)) * plotWidth;
    for (const { series, chart, title, caption } of charts) {
      const target = targets[series.target];
      const values = ordered.map((sample) => canaryValue(sample, series.metric));
      const baselines = ordered.map((sample) => baselineValue(sample, series.metric));
      const known = [...values, ...baselines].filter((value) => value !== undefined);
      const { top, ticks } = valueTicks(Math.max(target ?? 0, ...known) * 1.1);
      const y = (/** @type {number} */ value) => PLOT.top + plotHeight - (value / top) * plotHeight;
      chart.replaceChildren(title);
      const axes = svg('g', { class: 'axes' });
      for (const tick of ticks) {
        axes.append(
          svg('line', { class: 'grid', x1: PLOT.left, x2: WIDTH - PLOT.right, y1: y(tick), y2: y(tick) }),
          svg(
            'text',
            { class: 'tick-label value-tick', x: PLOT.left - 4, y: y(tick) + 3.5 },
            series.tick(tick),
          ),
        );
      }
      for (const tick of timeTicks(from, to)) {
        // The label of a tick at the right edge ends there instead of being cut in half.
        const atEdge = x(tick.at) > WIDTH - PLOT.right - 14;
        axes.append(
          svg('line', {
            class: 'time-tick',
            x1: x(tick.at),
            x2: x(tick.at),
            y1: PLOT.top + plotHeight,
            y2: PLOT.top + plotHeight + 3,
          }),
          svg(
            'text',
            { class: `tick-label time-tick-label${atEdge ? ' at-edge' : ''}`, x: x(tick.at), y: HEIGHT - 4 },
            tick.label,
          ),
        );
      }
      axes.append(
        svg('line', { class: 'axis', x1: PLOT.left, x2: PLOT.left, y1: PLOT.top, y2: PLOT.top + plotHeight }),
        svg('line', {
          class: 'axis',
          x1: PLOT.left,
          x2: WIDTH - PLOT.right,
          y1: PLOT.top + plotHeight,
          y2: PLOT.top + plotHeight,
        }),
      );
      chart.append(axes);
      if (target !== undefined) {
        chart.append(
          svg('line', {
            class: 'target',
            x1: PLOT.left,
            x2: WIDTH - PLOT.right,
            y1: y(target),
            y2: y(target),
          }),
          svg(
            'text',
            { class: 'target-label', x: WIDTH - PLOT.right - 2, y: y(target) - 3 },
            `target ${series.format(target)}`,
          ),
        );
      }
      // The baseline first, so the canary's own line and points stay on top where they cross.
      const baselineCount = baselines.filter((value) => value !== undefined).length;
      if (baselineCount > 0) {
        const path = brokenLine(
          baselines.map((value, index) =>
            value === undefined ? undefined : [x(timeOf(ordered[index], index)), y(value)],
          ),
        );
        if (path.includes('L')) chart.append(svg('path', { class: 'baseline-series', d: path }));
        baselines.forEach((value, index) => {
          if (value === undefined) return;
          const sample = ordered[index];
          const dot = svg('circle', {
            class: 'baseline-point',
            cx: x(timeOf(sample, index)),
            cy: y(value),
            r: 2.5,
            'data-seq': sample.seq,
            'data-value': value,
          });
          dot.append(
            svg(
              'title',
              {},
              `sample ${sample.seq}, baseline ${sample.baseline.gate}: ${series.format(value)}`,
            ),
          );
          chart.append(dot);
        });
        chart.setAttribute('data-baseline-points', String(baselineCount));
      } else {
        chart.removeAttribute('data-baseline-points');
      }
      const path = brokenLine(
        values.map((value, index) =>
          value === undefined ? undefined : [x(timeOf(ordered[index], index)), y(value)],
        ),
      );
      if (path.includes('L')) chart.append(svg('path', { class: 'series', d: path }));
      let fallbacks = 0;
      let gaps = 0;
      ordered.forEach((sample, index) => {
        const value = values[index];
        const cx = x(timeOf(sample, index));
        if (isFallback(sample, series.metric)) {
          fallbacks += 1;
          // A cross on the top edge: the judge counted it as a breach at its conservative value.
          const cross = svg('path', {
            class: 'fallback-marker',
            d: `M${cx - 4},${PLOT.top - 1} l8,8 m0,-8 l-8,8`,
            'data-seq': sample.seq,
          });
          cross.append(
            svg(
              'title',
              {},
              `sample ${sample.seq}: no reading (fallback, judged as ${readValue(sample, series.metric) ?? '–'}): ${sample.fallbackReasons[series.metric]}`,
            ),
          );
          chart.append(cross);
          return;
        }
        if (value === undefined) {
          gaps += 1;
          return;
        }
        const over = target !== undefined && value > target;
        const dot = svg('circle', {
          class: over ? 'point over' : 'point',
          cx,
          cy: y(value),
          r: 3,
          'data-seq': sample.seq,
          'data-value': value,
        });
        dot.append(svg('title', {}, `sample ${sample.seq}: ${series.format(value)}`));
        chart.append(dot);
      });
      const points = values.filter((value) => value !== undefined).length;
      if (points === 0 && fallbacks === 0 && ordered.length > 0) {
        // Say why the chart is empty rather than leave a blank (or a line at 0).
        const note = target === undefined ? 'not read: no target for this metric' : 'no value read yet';
        chart.append(
          svg(
            'text',
            { class: 'empty-note', x: PLOT.left + plotWidth / 2, y: PLOT.top + plotHeight / 2 },
            note,
          ),
        );
      }
      chart.setAttribute('data-points', String(points));
      chart.setAttribute('data-fallback-points', String(fallbacks));
      chart.setAttribute('data-gaps', String(gaps));
      const last = values.findLast((value) => value !== undefined);
      const lastBaseline = baselines.findLast((value) => value !== undefined);
      const targetText = target === undefined ? 'no target' : `target ${series.format(target)}`;
      const baselineText = lastBaseline === undefined ? '' : `, baseline ${series.format(lastBaseline)}`;
      caption.textContent = `${series.label}: ${last === undefined ? '–' : series.format(last)}${baselineText} (${targetText})`;
      const against = lastBaseline === undefined ? '' : ' and the baseline';
      title.textContent = `${series.label} over the window${against} against ${targetText}`;
    }
  };
  draw();
  return {
    element: root,
    /**
     * Adds one sample: a `metric` event's data, or a stored sample through {@link chartSample}.
     * @param {any} sample
     */
    add(sample) {
      samples.set(Number(sample.seq), sample);
      draw();
    },
    /** Sets the window the time axis spans (from the record or the `started` event). @param {ChartWindow} next */
    setWindow(next) {
      const merged = {
        ...window,
        ...Object.fromEntries(Object.entries(next).filter(([, value]) => value !== undefined)),
      };
      if (JSON.stringify(merged) === JSON.stringify(window)) return;
      window = merged;
      draw();
    },
    get size() {
      return samples.size;
    },
  };
}
