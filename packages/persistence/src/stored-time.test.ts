import { describe, expect, it } from 'vitest';
import { isPersistenceError } from './persistence-error.ts';
import { fromStoredTime, storedMinute, storedTimeToMs, toStoredTime } from './stored-time.ts';

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

  it('reads the minute off a time in the stored spelling, and only off that spelling', () => {
    expect(storedMinute('2025-10-03 14:20:05.123')).toBe('2025-10-03 14:20');
    expect(storedMinute('2024-02-29 23:59:59.999')).toBe('2024-02-29 23:59');
    // CURRENT_TIMESTAMP's spelling, a rolled-over day, an ISO string: read through Date instead.
    expect(storedMinute('2025-10-03 14:20:05')).toBeUndefined();
    expect(storedMinute('2025-02-29 10:00:00.000')).toBeUndefined();
    expect(storedMinute('2025-10-03T14:20:05.123Z')).toBeUndefined();
  });

  it('reads every time in the stored spelling as Date.parse does, rolled-over and out-of-range fields included', () => {
    // The reference: what these functions did before they read the digits themselves.
    const parsed = (stored: string) => Date.parse(`${stored.trim().replace(' ', 'T')}Z`);
    const pad = (value: number, digits: number) => String(value).padStart(digits, '0');
    const checks = (text: string) => {
      const ms = parsed(text);
      expect(storedTimeToMs(text)).toBe(ms);
      expect(fromStoredTime(text)).toBe(Number.isNaN(ms) ? text : new Date(ms).toISOString());
      // The minute read off the text, where it is read at all, is the minute of the parsed time.
      const minute = storedMinute(text);
      if (minute !== undefined)
        expect(minute).toBe(new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
    };
    // Every month and day (0 and 13, 32 included) of common and leap years, at the edges of each field.
    for (const year of [1969, 1970, 2000, 2024, 2025, 2100, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          for (const [hours, minutes, seconds] of [
            [0, 0, 0],
            [23, 59, 59],
            [24, 0, 0],
            [12, 60, 0],
            [12, 0, 60],
          ] as const) {
            checks(
              `${year}-${pad(month, 2)}-${pad(day, 2)} ${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(day * 31, 3)}`,
            );
          }
        }
      }
    }
    for (const text of [
      '2025-1a-01 00:00:00.000',
      '2025-01-01T00:00:00.000',
      ' 2025-01-01 00:00:00.00',
      '0099-01-01 00:00:00.000',
    ]) {
      checks(text);
    }
  });
});
