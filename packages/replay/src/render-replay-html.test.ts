import { describe, expect, it } from 'vitest';
import { LOOSE, recordCanary, repeat, STRICT, T0, WINDOW } from '../test/replay-fixtures.ts';
import { renderReplayHtml } from './render-replay-html.ts';
import { replayWindow } from './replay-window.ts';
import { samplesFromRange } from './samples-from-range.ts';

const XSS_MODEL = '<script>alert("model")</script>';
const XSS_REASON = '"><img src=x onerror=alert(1)>';

function sampleResult(modelId = 'matriz-v3') {
  const rolledBack = recordCanary({
    canaryId: 'canary_strict',
    modelId,
    policy: STRICT,
    readings: [...repeat(5), { latency: 600 }],
  });
  const fallback = recordCanary({
    canaryId: 'canary_fallback',
    modelId,
    policy: LOOSE,
    startedAt: T0 + 900_000,
    readings: [{}, { latency: null, reason: 'prometheus unreachable: ECONNREFUSED' }, ...repeat(8)],
  });
  return replayWindow({
    modelId,
    canaries: [rolledBack.canary, fallback.canary],
    samples: [...rolledBack.samples, ...fallback.samples],
    policy: LOOSE,
    window: WINDOW,
  });
}

describe('renderReplayHtml', () => {
  it('is one self-contained page: inline CSS and SVG, no script, no external resource', () => {
    const html = renderReplayHtml(sampleResult());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    for (const external of [
      '<script',
      '<link',
      ' src=',
      'href="http',
      'url(',
      '@import',
      '<img',
      '<iframe',
    ]) {
      expect(html).not.toContain(external);
    }
    expect(html.match(/<svg /g)).toHaveLength(4);
  });

  it('shows the actual and counterfactual decisions and their difference per canary', () => {
    const html = renderReplayHtml(sampleResult());
    expect(html).toContain('<title>Counterfactual replay of matriz-v3</title>');
    expect(html).toContain('<td class="kind-would_have_promoted">would have promoted</td>');
    expect(html).toContain('rolled back 2025-09-28 14:03:00Z');
    expect(html).toContain('promoted 2025-09-28 14:05:00Z');
    expect(html).toContain('sampling stopped at the actual decision');
    expect(html).toContain('<a href="#canary-1">canary_strict</a>');
    expect(html).toContain('<section class="canary" id="canary-2">');
  });

  it("draws both policies' thresholds and both decision times on each chart", () => {
    const html = renderReplayHtml(sampleResult());
    const firstChart = html.slice(html.indexOf('<svg '), html.indexOf('</svg>'));
    expect(firstChart).toContain('p95 latency');
    expect(firstChart).toMatch(
      /<line class="threshold recorded" x1="64" x2="624" y1="[\d.]+" y2="[\d.]+"\/>/,
    );
    expect(firstChart).toContain('>recorded 500 ms</text>');
    expect(firstChart).toContain('>replay 800 ms</text>');
    expect(firstChart).toContain('<line class="decision actual"');
    expect(firstChart).toContain('>actual 14:03:00</text>');
    expect(firstChart).toContain('>counterfactual 14:05:00</text>');
    expect(firstChart).toContain('class="point ok-replay breach-recorded"');
    // A threshold sits lower on the chart (a larger y) the smaller it is... 500 ms below 800 ms.
    const y = (kind: string) =>
      Number(firstChart.match(new RegExp(`class="threshold ${kind}" [^>]*y1="([\\d.]+)"`))?.[1]);
    expect(y('recorded')).toBeGreaterThan(y('replay'));
    expect(html).toContain('>recorded 1.00%</text>');
    expect(html).toContain('>replay 2.00%</text>');
  });

  it('marks a fallback sample on the chart and in the table', () => {
    const html = renderReplayHtml(sampleResult());
    expect(html).toMatch(
      /<polygon class="point breach-replay breach-recorded missing" points="[^"]+"><title>sample 2 at 2025-09-28T14:16:00.000Z: — \(missing\)<\/title><\/polygon>/,
    );
    expect(html).toContain(
      '<td>—</td><td>0.20%</td><td>—</td><td><b class="bad">breach</b></td><td><b class="bad">breach</b> (fallback)</td>',
    );
  });

  it('escapes every recorded string: an XSS attempt in a model id, a canary id and reasons', () => {
    const result = sampleResult(XSS_MODEL);
    const tampered = recordCanary({
      canaryId: `canary_${XSS_REASON}`,
      modelId: XSS_MODEL,
      policy: LOOSE,
      readings: [{}, { latency: null, reason: XSS_REASON }, {}],
      abort: { at: T0 + 100_000, reason: XSS_REASON },
    });
    const withAbort = replayWindow({
      modelId: XSS_MODEL,
      canaries: [tampered.canary],
      samples: tampered.samples,
      policy: STRICT,
      window: WINDOW,
    });
    for (const html of [renderReplayHtml(result), renderReplayHtml(withAbort, { title: XSS_REASON })]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('onerror=alert(1)>');
    }
    expect(renderReplayHtml(result)).toContain('&lt;script&gt;alert(&quot;model&quot;)&lt;/script&gt;');
    const html = renderReplayHtml(withAbort, { title: XSS_REASON });
    expect(html).toContain('<title>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</title>');
    expect(html).toContain(
      'the actual decision was an operator abort (&quot;&gt;&lt;img src=x onerror=alert(1)&gt;)',
    );
    expect(html).toContain('latency_p95_ms fallback: &quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(withAbort.canaries[0]?.counterfactual.reason).toContain(XSS_REASON);
  });

  it('gives byte-identical output for the same result, and for its JSON round trip', () => {
    const result = sampleResult();
    const html = renderReplayHtml(result);
    expect(renderReplayHtml(sampleResult())).toBe(html);
    expect(renderReplayHtml(JSON.parse(JSON.stringify(result)))).toBe(html);
  });

  it('says so when no canary has samples in the window', () => {
    const html = renderReplayHtml(
      replayWindow({ modelId: 'm', canaries: [], samples: [], policy: LOOSE, window: WINDOW }),
    );
    expect(html).toContain('<p>No canary of this model has samples in the window.</p>');
    expect(html).not.toContain('<svg');
  });

  it("renders range data as one synthetic canary with only the replay policy's thresholds", () => {
    const points = Array.from({ length: 12 }, (_, index) => ({
      at: T0 + (index + 1) * 30_000,
      latency_p95_ms: 250,
      error_rate: 0.001,
    }));
    const data = samplesFromRange(points, {
      modelId: 'matriz-v3',
      gate: 'production',
      from: T0,
      to: T0 + 360_000,
    });
    const html = renderReplayHtml(
      replayWindow({ ...data, modelId: 'matriz-v3', policy: LOOSE, window: { from: T0, to: T0 + 360_000 } }),
    );
    expect(html).toContain('samples from Prometheus range data (one synthetic canary from the window start)');
    expect(html).toContain('<small>gate production, started 2025-09-28 14:00:00Z</small>');
    expect(html).toContain('<span class="state state-not_recorded">not recorded</span>');
    expect(html).toContain('<td>none recorded</td>');
    expect(html).not.toContain('class="threshold recorded"');
    expect(html).toContain('class="threshold replay"');
    expect(html).not.toContain('class="decision actual"');
  });

  it('shows the comparison with the baseline and what the baseline read beside each sample', () => {
    const policy = { ...LOOSE, baseline: {}, compare: { latency_p95_ms: { maxIncreasePct: 10 } } };
    const readings = (latency: number) =>
      Array.from({ length: 10 }, (_, index) => ({ latency: latency + index * 3 }));
    const recorded = recordCanary({
      canaryId: 'canary_baseline',
      policy,
      readings: readings(400),
      baselineReadings: readings(300),
    });
    const html = renderReplayHtml(
      replayWindow({
        modelId: 'matriz-v3',
        ...recorded,
        canaries: [recorded.canary],
        policy,
        window: WINDOW,
      }),
    );
    expect(html).toContain(
      '<caption>Against the baseline at 2025-09-28 14:05:00Z, 10 samples with a baseline reading</caption>',
    );
    expect(html).toMatch(
      /<tr><td>latency_p95_ms<\/td><td class="verdict-High">High<\/td><td>10 \/ 10<\/td><td>100<\/td><td>&lt;0\.0001<\/td><td>100 ms \[[0-9.]+ ms, [0-9.]+ ms\]<\/td><td>31\.4 ms<\/td><\/tr>/,
    );
    expect(html).toContain('<th>drift</th><th>baseline</th><th>recorded policy</th>');
    expect(html).toContain('<td>300 ms</td>');
  });
});
