import { describe, expect, it } from 'vitest';
import { parseEvidenceRange, safeParseEvidenceRange } from './parse-evidence-range.ts';

const NOW = Date.UTC(2025, 9, 3, 14, 20, 0, 0);
const DAY = 86_400_000;

describe('parseEvidenceRange', () => {
  it.each([
    [{ from: '30d' }, { from: NOW - 30 * DAY, to: NOW }],
    [{ from: '12h' }, { from: NOW - 12 * 3_600_000, to: NOW }],
    [
      { from: '90m', to: '30m' },
      { from: NOW - 90 * 60_000, to: NOW - 30 * 60_000 },
    ],
    [{ from: '45s' }, { from: NOW - 45_000, to: NOW }],
    [{ from: '0s' }, { from: NOW, to: NOW }],
    [
      { from: '2025-09-28T14:00:00Z', to: '2025-09-28T15:00:00Z' },
      { from: Date.UTC(2025, 8, 28, 14), to: Date.UTC(2025, 8, 28, 15) },
    ],
    [
      { from: '2025-09-28T16:00:00.500+02:00', to: '' },
      { from: Date.UTC(2025, 8, 28, 14, 0, 0, 500), to: NOW },
    ],
    [{ from: '400d' }, { from: NOW - 400 * DAY, to: NOW }],
  ])('%j → %j', (input, expected) => {
    expect(parseEvidenceRange(input, NOW)).toEqual(expected);
  });

  it.each([
    [{}, 'MISSING_FROM', 'from'],
    [{ from: ' ' }, 'MISSING_FROM', 'from'],
    [{ from: '30x' }, 'UNPARSEABLE', 'from'],
    [{ from: '-30d' }, 'UNPARSEABLE', 'from'],
    [{ from: 'yesterday' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28T14:00:00' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-13-45T14:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '1d', to: 'now' }, 'UNPARSEABLE', 'to'],
    [{ from: '1d', to: '2d' }, 'FROM_AFTER_TO', 'range'],
    [{ from: '401d' }, 'RANGE_TOO_LONG', 'range'],
    [{ from: '2025-10-04T00:00:00Z' }, 'IN_FUTURE', 'from'],
    [{ from: '1d', to: '2025-10-03T14:22:00Z' }, 'IN_FUTURE', 'to'],
  ])('%j is refused with %s', (input, code, field) => {
    const result = safeParseEvidenceRange(input, NOW);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toMatchObject({ code, field, name: 'EvidenceError' });
    expect(result.error.message.length).toBeGreaterThan(10);
  });

  it.each([
    // Ages beyond what a Date can hold made `new Date(…).toISOString()` throw: a 500, not a 400.
    [{ from: '200000001d', to: '200000000d' }, 'OUT_OF_RANGE', 'from'],
    [{ from: '1d', to: '999999999d' }, 'OUT_OF_RANGE', 'to'],
    [{ from: '36526d' }, 'OUT_OF_RANGE', 'from'],
    [{ from: '876601h' }, 'OUT_OF_RANGE', 'from'],
    // Impossible calendar dates are refused, never rolled over (Feb 30 → Mar 2).
    [{ from: '2025-02-30T00:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-02-29T00:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-04-31T00:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-00T00:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-00-10T00:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28T24:00:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28T14:60:00Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28T14:00:60Z' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28T14:00:00+24:00' }, 'UNPARSEABLE', 'from'],
    [{ from: '2025-09-28T14:00:00+02:60' }, 'UNPARSEABLE', 'from'],
    [{ from: '0000-01-01T00:00:00Z' }, 'OUT_OF_RANGE', 'from'],
    [{ from: '1d', to: '2025-02-30T00:00:00Z' }, 'UNPARSEABLE', 'to'],
  ])('%j is refused with %s, never thrown past the parser', (input, code, field) => {
    const result = safeParseEvidenceRange(input, NOW);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error).toMatchObject({ code, field, name: 'EvidenceError' });
  });

  it.each([
    [{ from: '2024-02-29T00:00:00Z', to: '2024-03-01T00:00:00Z' }, Date.UTC(2024, 1, 29)],
    [{ from: '2025-09-28T14:00:00+0200' }, Date.UTC(2025, 8, 28, 12)],
    [{ from: '2025-09-28T14:00-05:30' }, Date.UTC(2025, 8, 28, 19, 30)],
    [{ from: '36525d', to: '36520d' }, NOW - 36_525 * DAY],
  ])('accepts the real date %j', (input, from) => {
    const result = safeParseEvidenceRange(input, NOW);
    expect(result.success ? result.range.from : result.error.message).toBe(from);
  });

  it('lets `to` run up to a minute ahead of the clock', () => {
    expect(parseEvidenceRange({ from: '1h', to: '2025-10-03T14:20:59Z' }, NOW).to).toBe(NOW + 59_000);
  });
});
