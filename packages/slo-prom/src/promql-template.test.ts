import { describe, expect, it } from 'vitest';
import { escapePromqlString, formatPromDuration, renderPromqlTemplate } from './promql-template.ts';

describe('renderPromqlTemplate', () => {
  const values = { gate: 'production', modelId: 'lukhas-v2', windowSeconds: 300 };

  it('substitutes every occurrence of $__gate, $__window and $__model', () => {
    expect(
      renderPromqlTemplate(
        'sum(rate(a{gate="$__gate",model="$__model"}[$__window])) / sum(rate(b{gate="$__gate"}[$__window]))',
        values,
      ),
    ).toBe('sum(rate(a{gate="production",model="lukhas-v2"}[300s])) / sum(rate(b{gate="production"}[300s]))');
  });

  it('leaves look-alike names and other dollars alone', () => {
    expect(renderPromqlTemplate('x{a="$__gateway",b="$gate",c="$__model_id"}', values)).toBe(
      'x{a="$__gateway",b="$gate",c="$__model_id"}',
    );
  });

  it('escapes quotes, backslashes and newlines in gate and model', () => {
    const rendered = renderPromqlTemplate('x{gate="$__gate",model="$__model"}', {
      gate: 'a"} or vector(1) #',
      modelId: 'C:\\models\nv2',
      windowSeconds: 60,
    });
    expect(rendered).toBe('x{gate="a\\"} or vector(1) #",model="C:\\\\models\\nv2"}');
  });

  it('inserts values verbatim even when they look like replacement patterns', () => {
    expect(renderPromqlTemplate('x{model="$__model"}', { ...values, modelId: "a$&b$'c$1" })).toBe(
      'x{model="a$&b$\'c$1"}',
    );
  });

  it('rejects a window that is not a positive number', () => {
    expect(() => renderPromqlTemplate('x[$__window]', { ...values, windowSeconds: 0 })).toThrow(/positive/);
  });
});

describe('formatPromDuration', () => {
  it('writes whole seconds as seconds and fractions as milliseconds', () => {
    expect(formatPromDuration(300)).toBe('300s');
    expect(formatPromDuration(1.5)).toBe('1500ms');
    expect(() => formatPromDuration(Number.NaN)).toThrow(RangeError);
  });
});

describe('escapePromqlString', () => {
  it('keeps ordinary text unchanged', () => {
    expect(escapePromqlString('stage-eu_1.2')).toBe('stage-eu_1.2');
    expect(escapePromqlString('tab\there\r')).toBe('tab\\there\\r');
  });
});
