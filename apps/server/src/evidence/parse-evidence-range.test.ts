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

  it('lets `to` run up to a minute ahead of the clock', () => {
    expect(parseEvidenceRange({ from: '1h', to: '2025-10-03T14:20:59Z' }, NOW).to).toBe(NOW + 59_000);
  });
});
