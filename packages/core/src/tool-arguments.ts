/**
 * Building blocks of the MCP tools' argument schemas (the wire contract), with messages that name
 * what was expected: the SDK
 * reports a failed check as `Input validation error: Invalid arguments for tool get_job: jobId: …`.
 */
import * as v from 'valibot';

/** Longest id the tools accept; real ids are about 20 characters. */
export const MAX_ID_LENGTH = 256;

/** Longest free text (reasons, queries) the tools accept. */
export const MAX_TEXT_LENGTH = 2000;

/**
 * The arguments object of a tool: unknown keys are refused with the list of known ones, so a
 * typo (`jobID`) is named instead of silently ignored. The description documents the whole object
 * (in `tools/list` and the client SDK's generated types).
 *
 * @example
 * const input = toolArguments('`get_job` arguments.', { jobId: idArgument('jobId', 'job_k3j9x0a1m2qz') });
 */
export function toolArguments<const Entries extends v.ObjectEntries>(description: string, entries: Entries) {
  const known = Object.keys(entries).join(', ');
  return v.pipe(
    v.objectWithRest(
      entries,
      v.never(`unknown argument; the arguments are: ${known}`),
      // A missing required key is reported at its path; a non-object at the root.
      (issue) =>
        issue.path === undefined
          ? `expected the arguments to be an object (${known}), received ${issue.received}`
          : 'missing: this argument is required',
    ),
    v.description(description),
  );
}

/**
 * A required id: a non-empty string of at most {@link MAX_ID_LENGTH} characters.
 *
 * @example idArgument('canaryId', 'canary_7fh2m9qz0c4d', 'the canary to abort')
 */
export function idArgument(name: string, example: string, description = `the ${name}`) {
  return v.pipe(
    v.string(`expected ${name} to be a string such as "${example}"`),
    v.nonEmpty(`expected ${name} to be a non-empty string such as "${example}"`),
    v.maxLength(MAX_ID_LENGTH, `expected ${name} to be at most ${MAX_ID_LENGTH} characters`),
    v.description(`${description}, e.g. "${example}"`),
  );
}

/**
 * An optional free-text argument of at most {@link MAX_TEXT_LENGTH} characters.
 *
 * @example textArgument('reason', 'why the job is cancelled; recorded in the audit trail')
 */
export function textArgument(name: string, description: string) {
  return v.optional(
    v.pipe(
      v.string(`expected ${name} to be a string`),
      v.maxLength(MAX_TEXT_LENGTH, `expected ${name} to be at most ${MAX_TEXT_LENGTH} characters`),
      v.description(description),
    ),
  );
}

/**
 * An optional page size: a whole number from 1 to `max`.
 *
 * @example limitArgument({ max: 500, fallback: 50 })
 */
export function limitArgument(options: { readonly max: number; readonly fallback: number }) {
  const expected = `expected limit to be a whole number from 1 to ${options.max}`;
  return v.optional(
    v.pipe(
      v.number(expected),
      v.integer(expected),
      v.minValue(1, expected),
      v.maxValue(options.max, expected),
      v.description(`how many to return, newest first (default ${options.fallback}, at most ${options.max})`),
    ),
  );
}
