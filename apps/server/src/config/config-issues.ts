/**
 * Collects what several parsers refuse, so that one `ConfigError` names every bad variable
 * instead of the first: each parser runs even when an earlier one failed.
 */
import { messageOf } from '@lukhas/core';
import { ConfigError } from './config-error.ts';

/** Sections of a configuration, each undefined when its parser failed. */
type Parsed<Sections> = { readonly [Name in keyof Sections]: Sections[Name] | undefined };

/** The collector; see {@link createConfigIssues}. */
export interface ConfigIssues {
  /** Runs `parse`; when it throws, keeps the error (and the problems inside it) and returns undefined. */
  read<Value>(parse: () => Value): Value | undefined;
  /** Keeps a problem found without a parser. */
  add(error: unknown): void;
  /** The sections, once every parser succeeded; else throws the one {@link ConfigError} naming every problem. */
  complete<Sections extends object>(sections: Parsed<Sections>): Sections;
}

/**
 * A fresh collector.
 *
 * @example
 * const issues = createConfigIssues();
 * const port = issues.read(() => parsePort(env.PORT));
 * const maxLagMs = issues.read(() => parseMaxLag(env.LUKHAS_HEALTH_MAX_LAG_MS));
 * return issues.complete({ port, maxLagMs }); // throws naming PORT and LUKHAS_HEALTH_MAX_LAG_MS if both are bad
 */
export function createConfigIssues(): ConfigIssues {
  const errors: unknown[] = [];
  const add = (error: unknown) => errors.push(...leavesOf(error));
  return {
    read(parse) {
      try {
        return parse();
      } catch (error) {
        add(error);
        return undefined;
      }
    },
    add,
    complete<Sections extends object>(sections: Parsed<Sections>): Sections {
      const missing = Object.entries(sections).filter(([, value]) => value === undefined);
      if (errors.length === 0 && missing.length === 0) return sections as Sections;
      throw configErrorOf(errors);
    },
  };
}

// A parser that already collected several problems says so with an AggregateError cause.
function leavesOf(error: unknown): unknown[] {
  if (error instanceof Error && error.cause instanceof AggregateError) {
    return error.cause.errors.flatMap(leavesOf);
  }
  return [error];
}

function configErrorOf(errors: readonly unknown[]): ConfigError {
  const [only] = errors;
  if (errors.length === 1 && only instanceof ConfigError) return only;
  const problems = errors.map(messageOf);
  if (errors.length === 1) return new ConfigError(problems[0] ?? '', { cause: only, problems });
  const message = `invalid configuration (${problems.length} problems):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`;
  return new ConfigError(message, { cause: new AggregateError(errors), problems });
}
