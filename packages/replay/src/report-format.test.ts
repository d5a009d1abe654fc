import { describe, expect, it } from 'vitest';
import { coordinate, escapeHtml, formatMetric, formatTime, trimmed } from './report-format.ts';

describe('report formatting', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('formats metric values at fixed precision, and none as a dash', () => {
    expect(formatMetric('latency_p95_ms', 412.55)).toBe('412.6 ms');
    expect(formatMetric('latency_p95_ms', 800)).toBe('800 ms');
    expect(formatMetric('error_rate', 0.0123)).toBe('1.23%');
    expect(formatMetric('drift', 0.15)).toBe('0.150');
    expect([formatMetric('drift', null), formatMetric('error_rate', Number.NaN)]).toEqual(['—', '—']);
  });

  it('trims trailing zeros and never writes -0 as a coordinate', () => {
    expect([trimmed(10, 1), trimmed(0.5, 3), trimmed(2.25, 1)]).toEqual(['10', '0.5', '2.3']);
    expect(coordinate(-0.01)).toBe('0.0');
    expect(coordinate(12.345)).toBe('12.3');
  });

  it('writes times in UTC from the ISO string, without a locale', () => {
    expect(formatTime('2025-09-28T14:05:00.000Z')).toBe('2025-09-28 14:05:00Z');
    expect(formatTime(null)).toBe('—');
  });
});
