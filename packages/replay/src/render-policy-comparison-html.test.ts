import { describe, expect, it } from 'vitest';
import { LOOSE, recordCanary, repeat, STRICT, T0, WINDOW } from '../test/replay-fixtures.ts';
import { type PolicyComparison, policyComparison } from './policy-comparison.ts';
import { renderPolicyComparisonHtml } from './render-policy-comparison-html.ts';
import { renderPolicyComparisonJson } from './render-replay-json.ts';
import { replayWindow } from './replay-window.ts';

const XSS = '<img src=x onerror=alert(1)>';

function comparisonOf(canaryId = 'canary_a', loose = 'loose.json'): PolicyComparison {
  const strict = recordCanary({
    canaryId,
    policy: STRICT,
    readings: [{ latency: 400 }, { latency: 600 }, ...repeat(8)],
  });
  const healthy = recordCanary({
    canaryId: 'canary_b',
    policy: LOOSE,
    startedAt: T0 + 900_000,
    readings: repeat(10),
  });
  const replay = (policy: unknown) =>
    replayWindow({
      modelId: 'matriz-v3',
      canaries: [strict.canary, healthy.canary],
      samples: [...strict.samples, ...healthy.samples],
      policy,
      window: WINDOW,
    });
  return policyComparison([
    { name: loose, result: replay(LOOSE) },
    { name: 'strict.json', result: replay(STRICT) },
  ]);
}

describe('renderPolicyComparisonHtml', () => {
  it('shows the totals per policy and, per canary, the actual decision and each policy’s', () => {
    const html = renderPolicyComparisonHtml(comparisonOf());
    expect(html).toContain('<title>Replay of matriz-v3 under 2 policies</title>');
    expect(html).toContain(
      '<li><code>loose.json</code>: window 300s every 30s, failureLimit 1, minSamples 2; latency_p95_ms ≤ 800 ms, error_rate ≤ 2.00%</li>',
    );
    expect(html).toContain(
      '<tr data-policy="actual"><th>actual</th><td class="number">2</td><td class="number">1</td><td class="number">1</td><td class="number">0</td><td class="number">—</td><td class="number">3m 00s</td></tr>',
    );
    expect(html).toContain(
      '<tr data-policy="loose.json"><th><code>loose.json</code></th><td class="number">2</td><td class="number">2</td><td class="number">0</td><td class="number">0</td><td class="number">1</td><td class="number">5m 00s</td></tr>',
    );
    expect(html).toContain(
      '<td data-policy="loose.json" class="differs"><span class="state state-promoted">promoted</span> <small>(window_elapsed)</small><br><small>2025-09-28 14:05:00Z · after 5m 00s</small><sup><a href="#note-1">1</a></sup></td>',
    );
    expect(html).toContain(
      '<td data-policy="actual"><span class="state state-rolled_back">rolled back</span> <small>(breach_limit)</small><br><small>2025-09-28 14:01:00Z · after 1m 00s</small></td>',
    );
    expect(html).toMatch(
      /<li id="note-1"><code>canary_a<\/code> under <code>loose\.json<\/code>: sampling stopped/,
    );
    expect(html).not.toMatch(/<script|src=|href="http/);
  });

  it('escapes every recorded string and policy name', () => {
    const html = renderPolicyComparisonHtml(comparisonOf(XSS, `${XSS}.json`));
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('gives byte-identical HTML and JSON for the same comparison, also after a JSON round trip', () => {
    const first = comparisonOf();
    const second = comparisonOf();
    const roundTrip = JSON.parse(JSON.stringify(first)) as PolicyComparison;
    expect(renderPolicyComparisonHtml(second)).toBe(renderPolicyComparisonHtml(first));
    expect(renderPolicyComparisonHtml(roundTrip)).toBe(renderPolicyComparisonHtml(first));
    expect(renderPolicyComparisonJson(second)).toBe(renderPolicyComparisonJson(first));
    expect(renderPolicyComparisonJson(roundTrip)).toBe(renderPolicyComparisonJson(first));
  });
});
