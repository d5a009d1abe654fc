/**
 * Shared valibot plumbing for the parsers: closed objects, "expected …, received …" messages,
 * and the translation of valibot issues into the domain's `ValidationIssue`s.
 */
import * as v from 'valibot';
import type { ValidationIssue } from './errors.ts';

/** A message function saying what was expected and what arrived (valibot quotes strings for us). */
export function expecting(description: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => `expected ${description}, received ${issue.received}`;
}

/**
 * An object that reports every unknown key as an issue naming the allowed ones: operators mistype
 * `latency_p99_ms`, and silently dropping it would run a canary against no latency target.
 * (valibot's `strictObject` stops at the first unknown key; a rest schema of `never` reports them all.)
 */
export function closedObject<const Entries extends v.ObjectEntries>(
  entries: Entries,
): v.GenericSchema<unknown, v.InferOutput<v.ObjectSchema<Entries, undefined>>> {
  return v.pipe(
    // valibot's objects accept arrays; a policy given as `[…]` is a mistake worth naming.
    v.custom<Record<string, unknown>>(isRecord, expecting('an object')),
    v.objectWithRest(entries, v.never(`expected one of ${Object.keys(entries).join(', ')}`)),
  );
}

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `prefix.key`, or `key` at the root. */
export function joinPath(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Valibot issues as domain issues, their paths under `prefix`. */
export function toValidationIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): ValidationIssue[] {
  return issues.map((issue) => {
    const local = v.getDotPath(issue) ?? '';
    const path = local === '' ? prefix : joinPath(prefix, local);
    // Only `closedObject` uses `never`: its issues are unknown keys.
    if (issue.type === 'never') {
      const key = String(issue.path?.at(-1)?.key);
      const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
      const where = parent === '' ? '' : ` in ${parent}`;
      return { path, message: `unknown key "${key}"${where}, ${issue.message}` };
    }
    return { path, message: issue.message };
  });
}

/** One line listing every issue, for an error message. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
}
