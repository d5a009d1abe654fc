/**
 * `defineTool()`: one MCP tool as one value, its name written once. The arguments and result
 * schemas come from core's `TOOL_CONTRACT` by that name; the handler returns a result or throws,
 * and the one error mapping (`toolErrorResult`) turns what it throws into a tool failure.
 */
import { TOOL_CONTRACT, type ToolName } from '@lukhas/core';
import type {
  CallToolResult,
  McpServer,
  ServerContext,
  StandardSchemaWithJSON,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import type * as v from 'valibot';
import { type AccessScope, requireScope } from '../access/index.ts';
import { mcpSchema } from './mcp-schema.ts';
import type { McpToolContext } from './tool-context.ts';
import { toolErrorResult } from './tool-error.ts';
import { TOOL_ICONS } from './tool-icons.ts';

/** The arguments a tool's handler receives: what its contract schema outputs. */
export type ToolInput<Name extends ToolName> = v.InferOutput<(typeof TOOL_CONTRACT)[Name]['arguments']>;

/** What a tool file declares. */
export interface ToolSpec<Name extends ToolName, Input> {
  readonly name: Name;
  readonly title: string;
  /** Fixed, or written for the cockpit at hand (e.g. naming its tasks). */
  readonly description: string | ((context: McpToolContext) => string);
  readonly annotations: ToolAnnotations;
  /**
   * What a caller needs to use the tool: `read` (looks, changes nothing) or `operate` (queues,
   * cancels, starts, aborts, promotes). A caller without it gets an `isError` result naming the
   * scope (`FORBIDDEN_SCOPE`) and the handler never runs.
   */
  readonly scope: AccessScope;
  /** Replaces the contract's argument schema (a domain parser's, per cockpit); left out, the contract's. */
  readonly inputSchema?: (context: McpToolContext) => StandardSchemaWithJSON<unknown, Input>;
  /** Answers one call; anything it throws becomes a tool failure through `toolErrorResult`. */
  readonly handler: (
    input: Input,
    context: McpToolContext,
    request: ServerContext,
  ) => Promise<CallToolResult>;
}

/** A defined tool, ready to register on a server. */
export interface CockpitTool {
  readonly name: ToolName;
  /** The scope a caller needs (see {@link ToolSpec.scope}). */
  readonly scope: AccessScope;
  /** Only looks (`readOnlyHint`): calling it twice does what calling it once does. */
  readonly readOnly: boolean;
  register(server: McpServer, context: McpToolContext): void;
  /**
   * One call answered without an SDK server (`direct-tool-call.ts`), through the same steps the SDK
   * takes around a registered tool: the arguments checked by the tool's schema, the scope, the
   * handler, the error mapping, the result checked by the output schema. `undefined` when the SDK
   * would refuse the arguments or the result: the caller then asks the SDK, which answers in its
   * own words. The route asks it of read-only tools only (`readOnly`): a refusal after the fact
   * must not repeat a change.
   */
  answer(args: unknown, context: McpToolContext): Promise<CallToolResult | undefined>;
}

/**
 * What a direct answer gives a handler in place of the SDK's request context: nothing. A read-only
 * tool never reports progress nor listens for a cancel; one that starts to gets a loud failure
 * (the direct-path tests compare every read-only tool with the SDK's answer) instead of a silent
 * difference.
 */
const NO_REQUEST_CONTEXT = new Proxy({} as ServerContext, {
  get(_target, property) {
    throw new Error(`a direct tool call has no request context (asked for ${String(property)})`);
  },
});

/**
 * One MCP tool. Its schemas are converted once, here, not for every request.
 *
 * @example
 * export const getJobTool = defineTool({
 *   name: 'get_job', title: 'Get an evaluation job', description: '…', annotations: { readOnlyHint: true }, scope: 'read',
 *   handler: async ({ jobId }, { cockpit }) => jsonToolResult({ ...(await cockpit.store.getJob(jobId)) }),
 * });
 */
export function defineTool<Name extends ToolName, Input = ToolInput<Name>>(
  spec: ToolSpec<Name, Input>,
): CockpitTool {
  const contract = TOOL_CONTRACT[spec.name];
  const contractInput = mcpSchema(contract.arguments as v.GenericSchema<unknown, unknown>);
  const outputSchema = mcpSchema(contract.result as v.GenericSchema<unknown, unknown>);
  const guarded = async (input: Input, context: McpToolContext, request: ServerContext) => {
    try {
      // Every tool is listed for every caller; the call is what is refused (see the README).
      requireScope(context, spec.scope, spec.name);
      return await spec.handler(input, context, request);
    } catch (error) {
      return toolErrorResult(error, { tool: spec.name, report: context.report });
    }
  };
  return {
    name: spec.name,
    scope: spec.scope,
    readOnly: spec.annotations.readOnlyHint === true,
    async answer(args, context) {
      const inputSchema = spec.inputSchema?.(context) ?? contractInput;
      const input = await inputSchema['~standard'].validate(args ?? {});
      if (input.issues !== undefined) return undefined;
      const result = await guarded(input.value as Input, context, NO_REQUEST_CONTEXT);
      if (result.isError === true) return result;
      const output = await outputSchema['~standard'].validate(result.structuredContent);
      return output.issues === undefined ? result : undefined;
    },
    register(server, context) {
      const description = typeof spec.description === 'string' ? spec.description : spec.description(context);
      const inputSchema = spec.inputSchema?.(context) ?? contractInput;
      const handler = (input: Input, request: ServerContext): Promise<CallToolResult> =>
        guarded(input, context, request);
      // The SDK infers the handler's arguments from the schema; ours are typed by the contract.
      const register = server.registerTool.bind(server) as (
        name: string,
        config: Record<string, unknown>,
        callback: typeof handler,
      ) => unknown;
      register(
        spec.name,
        {
          title: spec.title,
          description,
          inputSchema,
          outputSchema,
          annotations: spec.annotations,
          icons: TOOL_ICONS[spec.name],
        },
        handler,
      );
    },
  };
}
