import { describe, expect, it } from 'vitest';
import { parseSampleValue, readInstantValue, readRangeSeries } from './prometheus-api.ts';

describe('parseSampleValue', () => {
  it('reads decimal and exponent strings', () => {
    expect(parseSampleValue('212.5')).toEqual({ success: true, value: 212.5 });
    expect(parseSampleValue('1e-3')).toEqual({ success: true, value: 0.001 });
  });

  it.each([
    ['NaN', 'nan'],
    ['+Inf', 'infinite'],
    ['-Inf', 'infinite'],
    ['abc', 'non_numeric'],
    ['', 'non_numeric'],
    [42, 'non_numeric'],
    [undefined, 'non_numeric'],
  ])('refuses %j as %s', (raw, kind) => {
    expect(parseSampleValue(raw)).toMatchObject({ success: false, kind });
  });
});

describe('readInstantValue', () => {
  it('accepts a scalar and a one-element vector', () => {
    expect(readInstantValue({ resultType: 'scalar', result: [1, '3'] })).toEqual({ success: true, value: 3 });
    expect(readInstantValue({ resultType: 'vector', result: [{ metric: {}, value: [1, '0.5'] }] })).toEqual({
      success: true,
      value: 0.5,
    });
  });

  it('refuses matrices and strings', () => {
    expect(readInstantValue({ resultType: 'matrix', result: [] })).toEqual({
      success: false,
      kind: 'invalid_response',
      reason: 'expected a scalar or a one-element vector, got a matrix',
    });
    expect(readInstantValue(undefined)).toMatchObject({ kind: 'invalid_response' });
  });
});

describe('readRangeSeries', () => {
  it('converts timestamps to epoch ms and refuses several series', () => {
    expect(
      readRangeSeries({ resultType: 'matrix', result: [{ metric: {}, values: [[1700000000.5, '1']] }] }),
    ).toEqual({ success: true, points: [[1700000000500, '1']] });
    expect(readRangeSeries({ resultType: 'matrix', result: [{}, {}] })).toMatchObject({
      kind: 'multi_series',
      reason: '2 series where 1 was expected',
    });
    expect(readRangeSeries({ resultType: 'vector', result: [] })).toMatchObject({ kind: 'invalid_response' });
  });
});
