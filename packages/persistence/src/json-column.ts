/**
 * JSON columns are TEXT. Reading is defensive: a value that does not parse, or has the wrong
 * shape, becomes null (or an empty default) instead of an exception in the middle of a list.
 */

/** The JSON text of a value, SQL NULL for null/undefined. */
export function toJsonColumn(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** The parsed value of a JSON column; undefined when NULL or unreadable. */
export function parseJsonColumn(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON column that holds an object; null when NULL, unreadable or not an object. */
export function parseJsonObject(text: string | null): Record<string, unknown> | null {
  const value = parseJsonColumn(text);
  return isPlainObject(value) ? value : null;
}

/** A JSON column that holds an array; empty when NULL, unreadable or not an array. */
export function parseJsonArray(text: string | null): unknown[] {
  const value = parseJsonColumn(text);
  return Array.isArray(value) ? value : [];
}

/** True for `{…}` values (not arrays, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
