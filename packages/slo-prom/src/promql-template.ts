/** The values a query template may use: `$__gate`, `$__model` and `$__window`. */
export interface PromqlTemplateValues {
  readonly gate: string;
  readonly modelId: string;
  readonly windowSeconds: number;
}

const PLACEHOLDER = /\$__(gate|model|window)\b/g;

/**
 * Escapes a value for the inside of a PromQL double-quoted string (`{gate="…"}`).
 * Regex metacharacters are not escaped: a value used with `=~` matches as a regex.
 */
export function escapePromqlString(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, (character) => {
    switch (character) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${character}`;
    }
  });
}

/** A PromQL duration for a window: `300s`, or `1500ms` for a fractional one. */
export function formatPromDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(`a window must be a positive number of seconds, got ${seconds}`);
  }
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.max(1, Math.round(seconds * 1000))}ms`;
}

/**
 * Substitutes the placeholders of a query template; gate and model are escaped for a double-quoted string.
 *
 * @example renderPromqlTemplate('rate(x{gate="$__gate"}[$__window])', { gate: 'stage', modelId: 'm', windowSeconds: 300 })
 * // 'rate(x{gate="stage"}[300s])'
 */
export function renderPromqlTemplate(template: string, values: PromqlTemplateValues): string {
  const window = formatPromDuration(values.windowSeconds);
  // A replacer function, not a replacement string: a model id like `a$&b` must land verbatim.
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (name === 'window') return window;
    return escapePromqlString(name === 'gate' ? values.gate : values.modelId);
  });
}
