/**
 * Prompt arguments that complete (`completion/complete`). The SDK finds a prompt argument's
 * completer on the argument schema's `shape` (zod's object layout); our schemas are valibot, so
 * the shape is added beside the Standard Schema: one completable entry per argument that has a
 * completer. Validation and the listed arguments still come from the valibot schema alone.
 */
import { completable, type StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import * as v from 'valibot';

/** Completes one argument from what has been typed so far. */
export type ArgumentCompleter = (typed: string) => Promise<string[]>;

/**
 * `schema` with completers for the named arguments.
 *
 * @example
 * const args = completableArguments(mcpSchema(v.object({ canaryId: v.string() })), {
 *   canaryId: (typed) => completeCanaryIds(store, typed),
 * });
 */
export function completableArguments<Input, Output>(
  schema: StandardSchemaWithJSON<Input, Output>,
  completers: Readonly<Record<string, ArgumentCompleter>>,
): StandardSchemaWithJSON<Input, Output> {
  // `completable` marks the schema object it is given for good, so each entry gets a fresh one.
  const shape = Object.fromEntries(
    Object.entries(completers).map(([name, complete]) => [
      name,
      completable(v.string(), (value) => complete(value ?? '')),
    ]),
  );
  return { ...schema, shape } as StandardSchemaWithJSON<Input, Output>;
}
