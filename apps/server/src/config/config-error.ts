import { CockpitError } from '@lukhas/core';

/**
 * The configuration the server cannot start with (exit code 2). `problems` names each bad
 * variable with its value (secrets excepted); `cause` is the error behind the one problem, or an
 * `AggregateError` of the errors behind several.
 */
export class ConfigError extends CockpitError<'INVALID_CONFIG'> {
  override readonly name: string = 'ConfigError';
  /** One sentence per problem, each naming its variable. */
  readonly problems: readonly string[];

  constructor(message: string, options: { cause?: unknown; problems?: readonly string[] } = {}) {
    super('INVALID_CONFIG', message, { cause: options.cause });
    this.problems = options.problems ?? [message];
  }
}
