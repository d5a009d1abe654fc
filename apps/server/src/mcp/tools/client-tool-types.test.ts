/**
 * Pins the client SDK's standalone tool types (`@lukhas/mcp-cockpit-client`, its published
 * `generated-tool-types.ts`) to the cockpit's one contract (core's `TOOL_CONTRACT`, which these
 * tools serve): the SDK carries them as a generated file (`scripts/generate-client-types.ts`) so it
 * has no runtime dependency and installs with plain npm, and this test (a type check, run by
 * `typecheck`) fails the moment the generator writes a type the contract does not infer. It lives
 * here, where both meet, so the SDK's package.json needs no workspace dependency.
 */
import type { CANARY_STATUSES, JOB_STATUSES, ToolArguments, ToolResult } from '@lukhas/core';
import type * as sdk from '@lukhas/mcp-cockpit-client';
import { describe, expectTypeOf, it } from 'vitest';

// The SDK's types are readonly all the way down; the contract's inferred ones are not.
type DeepReadonly<T> = T extends (infer Item)[]
  ? readonly DeepReadonly<Item>[]
  : T extends readonly (infer Item)[]
    ? readonly DeepReadonly<Item>[]
    : T extends object
      ? { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
      : T;
type Wire<T> = DeepReadonly<T>;
type Same<T> = DeepReadonly<T>;

type CanaryRecord = ToolResult<'abort_canary'>;

describe("the SDK's tool types", () => {
  it('are the statuses of the contract', () => {
    expectTypeOf<sdk.JobStatus>().toEqualTypeOf<(typeof JOB_STATUSES)[number]>();
    expectTypeOf<sdk.CanaryStatus>().toEqualTypeOf<(typeof CANARY_STATUSES)[number]>();
  });

  it("are the contract's arguments of every tool", () => {
    expectTypeOf<Same<sdk.SearchArguments>>().toEqualTypeOf<Wire<ToolArguments<'search'>>>();
    expectTypeOf<Same<sdk.FetchDocumentArguments>>().toEqualTypeOf<Wire<ToolArguments<'fetch'>>>();
    expectTypeOf<Same<sdk.RunEvalArguments>>().toEqualTypeOf<Wire<ToolArguments<'run_eval'>>>();
    expectTypeOf<Same<sdk.GetJobArguments>>().toEqualTypeOf<Wire<ToolArguments<'get_job'>>>();
    expectTypeOf<Same<sdk.ListJobsArguments>>().toEqualTypeOf<Wire<ToolArguments<'list_jobs'>>>();
    expectTypeOf<Same<sdk.CancelJobArguments>>().toEqualTypeOf<Wire<ToolArguments<'cancel_job'>>>();
    expectTypeOf<Same<sdk.GetCanaryArguments>>().toEqualTypeOf<Wire<ToolArguments<'get_canary'>>>();
    expectTypeOf<Same<sdk.ListCanariesArguments>>().toEqualTypeOf<Wire<ToolArguments<'list_canaries'>>>();
    expectTypeOf<Same<sdk.AbortCanaryArguments>>().toEqualTypeOf<Wire<ToolArguments<'abort_canary'>>>();
    expectTypeOf<Same<sdk.PromoteCanaryArguments>>().toEqualTypeOf<Wire<ToolArguments<'promote_canary'>>>();
    expectTypeOf<Same<sdk.WhyArguments>>().toEqualTypeOf<Wire<ToolArguments<'why'>>>();
    expectTypeOf<Same<sdk.WhyArguments>>().toEqualTypeOf<Wire<ToolArguments<'why_math'>>>();
    expectTypeOf<Same<sdk.WhyMathArguments>>().toEqualTypeOf<Wire<ToolArguments<'why_math'>>>();
    expectTypeOf<Same<sdk.ListFilesArguments>>().toEqualTypeOf<Wire<ToolArguments<'list_files'>>>();
    expectTypeOf<Same<sdk.ReadFileArguments>>().toEqualTypeOf<Wire<ToolArguments<'read_file'>>>();
    expectTypeOf<Same<sdk.WriteFileArguments>>().toEqualTypeOf<Wire<ToolArguments<'write_file'>>>();
    expectTypeOf<Same<sdk.ApplyPatchArguments>>().toEqualTypeOf<Wire<ToolArguments<'apply_patch'>>>();
  });

  it("accept only what start_canary's parser accepts", () => {
    // The SDK names the spellings (SloPolicy, sloPolicy's flat form); every one must be accepted.
    expectTypeOf<sdk.StartCanaryArguments>().toExtend<Wire<ToolArguments<'start_canary'>>>();
    // Generated from the parser's schema, they are exactly its shape (before its rules across fields).
    expectTypeOf<Same<sdk.StartCanaryArguments>>().toEqualTypeOf<Wire<ToolArguments<'start_canary'>>>();
    expectTypeOf<Same<sdk.SloPolicy>>().toEqualTypeOf<
      Wire<NonNullable<ToolArguments<'start_canary'>['policy']>>
    >();
    expectTypeOf<Same<sdk.SloTargets>>().toEqualTypeOf<
      Wire<NonNullable<ToolArguments<'start_canary'>['targets']>>
    >();
  });

  it("are the contract's results of every tool", () => {
    expectTypeOf<Same<sdk.SearchResult>>().toEqualTypeOf<Wire<ToolResult<'search'>>>();
    expectTypeOf<Same<sdk.FetchedDocument>>().toEqualTypeOf<Wire<ToolResult<'fetch'>>>();
    expectTypeOf<Same<sdk.RunEvalResult>>().toEqualTypeOf<Wire<ToolResult<'run_eval'>>>();
    expectTypeOf<Same<sdk.JobRecord>>().toEqualTypeOf<Wire<ToolResult<'get_job'>>>();
    expectTypeOf<Same<sdk.JobRecord>>().toEqualTypeOf<Wire<ToolResult<'cancel_job'>>>();
    expectTypeOf<Same<sdk.ListJobsResult>>().toEqualTypeOf<Wire<ToolResult<'list_jobs'>>>();
    expectTypeOf<Same<sdk.CanaryRecord>>().toEqualTypeOf<Wire<CanaryRecord>>();
    expectTypeOf<Same<sdk.CanaryRecord>>().toEqualTypeOf<Wire<ToolResult<'start_canary'>>>();
    expectTypeOf<Same<sdk.ResolvedSloPolicy>>().toEqualTypeOf<Wire<CanaryRecord['policy']>>();
    expectTypeOf<Same<sdk.DecisionMath>>().toEqualTypeOf<Wire<NonNullable<CanaryRecord['math']>>>();
    expectTypeOf<Same<sdk.CanaryWithSamples>>().toEqualTypeOf<Wire<ToolResult<'get_canary'>>>();
    expectTypeOf<Same<sdk.CanarySample>>().toEqualTypeOf<Wire<ToolResult<'get_canary'>['samples'][number]>>();
    expectTypeOf<Same<sdk.ListCanariesResult>>().toEqualTypeOf<Wire<ToolResult<'list_canaries'>>>();
    expectTypeOf<Same<sdk.WhyResult>>().toEqualTypeOf<Wire<ToolResult<'why'>>>();
    expectTypeOf<Same<sdk.WhyMathResult>>().toEqualTypeOf<Wire<ToolResult<'why_math'>>>();
    expectTypeOf<Same<sdk.ListFilesResult>>().toEqualTypeOf<Wire<ToolResult<'list_files'>>>();
    expectTypeOf<Same<sdk.FileEntry>>().toEqualTypeOf<Wire<ToolResult<'list_files'>['entries'][number]>>();
    expectTypeOf<Same<sdk.ReadFileResult>>().toEqualTypeOf<Wire<ToolResult<'read_file'>>>();
    expectTypeOf<Same<sdk.FileChangeResult>>().toEqualTypeOf<Wire<ToolResult<'write_file'>>>();
    expectTypeOf<Same<sdk.FileChangeResult>>().toEqualTypeOf<Wire<ToolResult<'apply_patch'>>>();
  });
});
