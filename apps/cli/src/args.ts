/** Typed reads of parsed flags. */

import { usageError } from './cli-error.ts';
import type { CommandArgs } from './command.ts';

/** A string flag, or undefined when absent. */
export function stringFlag(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A string flag that must be there. */
export function requiredFlag(args: CommandArgs, name: string, command: string, example: string): string {
  const value = stringFlag(args, name);
  if (value === undefined || value.trim() === '') {
    throw usageError(`--${name} is required, e.g. --${name} ${example}`, command);
  }
  return value;
}

/** A boolean flag. */
export function booleanFlag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A positive whole number flag, or undefined when absent. */
export function positiveIntFlag(args: CommandArgs, name: string, command: string): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw usageError(`--${name} must be a whole number of at least 1, got "${raw}"`, command);
  }
  return value;
}

/** A flag that must be one of `choices`, or undefined when absent. */
export function choiceFlag<T extends string>(
  args: CommandArgs,
  name: string,
  choices: readonly T[],
  command: string,
): T | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw usageError(`--${name} must be one of ${choices.join(', ')}, got "${raw}"`, command);
  }
  return raw as T;
}
