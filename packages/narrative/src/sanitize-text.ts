/**
 * Makes untrusted text (task ids, model ids, gates, reasons, messages) safe to put in a
 * narrative line: one line, no invisible tricks, bounded length.
 */

/** Longest value, in code points, a line will carry before cutting it with `…`. */
export const MAX_TEXT_LENGTH = 200;

// Control characters (which include CR, LF and tab), Unicode line/paragraph separators, and the
// bidi marks that can make an audit line display something other than what it stores.
const UNSAFE_CHARACTERS = /[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu;

/**
 * One clean line of at most `maxLength` code points: control characters become spaces, runs of
 * whitespace collapse, `→` (the line's own separator) becomes `->`, and an overlong value ends in `…`.
 *
 * @example sanitizeText('exit code 2\nstack: …') // 'exit code 2 stack: …'
 */
export function sanitizeText(value: string, maxLength: number = MAX_TEXT_LENGTH): string {
  const oneLine = String(value)
    .replace(UNSAFE_CHARACTERS, ' ')
    .replaceAll('→', '->')
    .replace(/\s+/g, ' ')
    .trim();
  // Count code points, not UTF-16 units, so the cut never splits a surrogate pair.
  const codePoints = Array.from(oneLine);
  const limit = Math.max(1, Math.floor(maxLength));
  if (codePoints.length <= limit) return oneLine;
  const kept = codePoints
    .slice(0, limit - 1)
    .join('')
    .trimEnd();
  return `${kept}…`;
}

/** A sanitised value in double quotes, with `"` and `\` escaped: `"lukhas-agi-stress"`. */
export function quoteText(value: string, maxLength: number = MAX_TEXT_LENGTH): string {
  return `"${sanitizeText(value, maxLength).replace(/["\\]/g, '\\$&')}"`;
}
