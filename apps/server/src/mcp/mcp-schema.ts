/**
 * Valibot schemas as the SDK takes them: Standard Schema for validation plus Standard JSON Schema
 * for `tools/list`, through `@valibot/to-json-schema`'s `toStandardJsonSchema`.
 */
import type { StandardSchemaWithJSON } from '@modelcontextprotocol/server';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

type AnySchema = v.GenericSchema<unknown, unknown>;
type JsonSchemaOptions = Parameters<StandardSchemaWithJSON['~standard']['jsonSchema']['input']>[0];
type ConversionOptions = NonNullable<JsonSchemaOptions['libraryOptions']>;

/**
 * How a domain parser's own schema is shown: its output shape (a closed object's object check and
 * trimming are the parser's business), without the checks whose messages only the parser gives;
 * the descriptions say the rules in words.
 */
const PARSER_DOCUMENTATION: ConversionOptions = {
  typeMode: 'output',
  ignoreActions: [
    'trim',
    'non_empty',
    'max_length',
    'regex',
    'check',
    'finite',
    'gt_value',
    'integer',
    'min_value',
    'max_value',
  ],
};

/**
 * A valibot schema for `registerTool`. The SDK builds a fresh server per HTTP request and converts
 * every tool's schemas again each time; the conversion is memoised here, per target, so a
 * `tools/list` costs a lookup instead of a schema walk.
 *
 * @example
 * server.registerTool('get_job', { inputSchema: mcpSchema(v.object({ jobId: v.string() })) }, handler);
 */
export function mcpSchema<Schema extends AnySchema>(
  schema: Schema,
  conversion?: ConversionOptions,
): StandardSchemaWithJSON<v.InferInput<Schema>, v.InferOutput<Schema>> {
  const standard = toStandardJsonSchema(schema)['~standard'];
  const withConversion = (options: JsonSchemaOptions) =>
    conversion === undefined
      ? options
      : { ...options, libraryOptions: { ...conversion, ...options.libraryOptions } };
  return {
    '~standard': {
      ...standard,
      jsonSchema: {
        input: memoisedByTarget((options) =>
          closedAsFalse(standard.jsonSchema.input(withConversion(options))),
        ),
        output: memoisedByTarget((options) =>
          closedAsFalse(standard.jsonSchema.output(withConversion(options))),
        ),
      },
    },
  };
}

/**
 * A tool input validated by a domain parser that adds rules across fields to its schema:
 * `tools/list` shows the parser's own schema (`documentation`: every accepted spelling, with
 * descriptions), and a call is checked by `parse`, whose issues the SDK reports as `path: message`.
 *
 * @example
 * const input = parsedBy(StartCanaryArgumentsSchema, (args) => {
 *   const parsed = safeParseCanaryRequest(args);
 *   return parsed.success ? { value: parsed.request } : { issues: parsed.issues };
 * });
 */
export function parsedBy<Output>(
  documentation: AnySchema,
  parse: (value: unknown) => { value: Output } | { issues: readonly { path: string; message: string }[] },
): StandardSchemaWithJSON<unknown, Output> {
  const documented = mcpSchema(documentation, PARSER_DOCUMENTATION)['~standard'];
  return {
    '~standard': {
      version: 1,
      vendor: 'lukhas',
      validate(value) {
        const result = parse(value);
        if ('value' in result) return { value: result.value };
        return {
          issues: result.issues.map((issue) => ({
            message: issue.message,
            ...(issue.path === '' ? {} : { path: issue.path.split('.') }),
          })),
        };
      },
      jsonSchema: documented.jsonSchema,
    },
  };
}

/**
 * A closed object (`objectWithRest(…, never())`) converts to `additionalProperties: {not: {}}`;
 * it means `false`, which is the spelling every client (and strict function-calling) understands.
 */
function closedAsFalse<Json>(json: Json): Json {
  if (Array.isArray(json)) return json.map(closedAsFalse) as Json;
  if (typeof json !== 'object' || json === null) return json;
  const entries = Object.entries(json).map(([key, value]) => {
    const never =
      key === 'additionalProperties' &&
      typeof value === 'object' &&
      value !== null &&
      Object.keys(value).length === 1 &&
      JSON.stringify((value as { not?: unknown }).not) === '{}';
    return [key, never ? false : closedAsFalse(value)];
  });
  return Object.fromEntries(entries) as Json;
}

function memoisedByTarget(
  convert: (options: JsonSchemaOptions) => Record<string, unknown>,
): (options: JsonSchemaOptions) => Record<string, unknown> {
  const byTarget = new Map<string, Record<string, unknown>>();
  return (options) => {
    // Library options would change the result; they are never passed by the SDK, so skip the cache then.
    if (options.libraryOptions !== undefined) return convert(options);
    let converted = byTarget.get(options.target);
    if (converted === undefined) {
      converted = convert(options);
      byTarget.set(options.target, converted);
    }
    // The SDK spreads the object it gets (`{ type: 'object', ...json }`); a shared one is never mutated.
    return converted;
  };
}
