import { describe, expect, it } from 'vitest';
import { isPersistenceError } from './persistence-error.ts';
import { fromStoredTime, storedTimeToMs, toStoredTime } from './stored-time.ts';

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('stored time', () => {
  it('stores ISO strings and epoch ms as UTC text with a space separator and millis', () => {
    expect(toStoredTime('2025-10-03T14:20:05.123Z')).toBe('2025-10-03 14:20:05.123');
    expect(toStoredTime(Date.UTC(2025, 9, 3, 14, 20, 5, 123))).toBe('2025-10-03 14:20:05.123');
    expect(toStoredTime('2025-10-03T16:20:05+02:00')).toBe('2025-10-03 14:20:05.000');
  });

  it('reads stored text back as ISO strings and epoch ms', () => {
    expect(fromStoredTime('2025-10-03 14:20:05.123')).toBe('2025-10-03T14:20:05.123Z');
    expect(storedTimeToMs('2025-10-03 14:20:05.123')).toBe(Date.UTC(2025, 9, 3, 14, 20, 5, 123));
  });

  it("reads SQLite's CURRENT_TIMESTAMP format (no millis) as UTC", () => {
    expect(fromStoredTime('2025-10-03 14:20:05')).toBe('2025-10-03T14:20:05.000Z');
  });

  it('sorts lexicographically like the seed SQL expects against datetime() output', () => {
    expect(toStoredTime('2025-10-03T14:20:05.123Z') > '2025-10-03 14:20:05').toBe(true);
    expect(toStoredTime('2025-10-03T14:20:04.999Z') > '2025-10-03 14:20:05').toBe(false);
  });

  it('refuses a value that is not a time and keeps an unreadable stored value as is', () => {
    expect(() => toStoredTime('yesterday')).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    const attempt = () => toStoredTime(Number.NaN);
    expect(attempt).toThrow(/Not a time/);
    expect(catchError(attempt)).toSatisfy((error) => isPersistenceError(error, 'INVALID_TRANSITION'));
    expect(fromStoredTime('not a time')).toBe('not a time');
  });
});
