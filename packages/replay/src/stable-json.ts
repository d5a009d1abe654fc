/**
 * JSON text that is byte-identical for equal data: the replay reports' machine form.
 */

/**
 * `value` as JSON with every object's keys sorted (code-unit order) at every depth, two-space
 * indent and a final newline, so two reports of the same data diff cleanly and hash the same.
 *
 * @example
 * stableJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{\n  "a": [\n    {\n      "c": 3,\n ...'
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortedKeys(value), null, 2)}\n`;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortedKeys(item)]));
}
