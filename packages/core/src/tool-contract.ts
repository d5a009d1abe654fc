/**
 * The MCP tools' wire contract in one table, in `tools/list` order: each tool's arguments and
 * result schema. The server derives its `inputSchema`/`outputSchema` (and the tool names) from it;
 * the client SDK's standalone types are generated from it (`generate:client-types` in apps/server)
 * and pinned to the types inferred here by a type-equality test.
 */
import type * as v from 'valibot';
import { StartCanaryArgumentsSchema } from './canary-request.ts';
import {
  AbortCanaryArgumentsSchema,
  CanaryWithSamplesSchema,
  GetCanaryArgumentsSchema,
  ListCanariesArgumentsSchema,
  ListCanariesResultSchema,
  PromoteCanaryArgumentsSchema,
} from './canary-tool-schemas.ts';
import {
  FetchArgumentsSchema,
  FetchedDocumentSchema,
  SearchArgumentsSchema,
  SearchResultSchema,
} from './document-tool-schemas.ts';
import {
  ApplyPatchArgumentsSchema,
  FileChangeResultSchema,
  ListFilesArgumentsSchema,
  ListFilesResultSchema,
  ReadFileArgumentsSchema,
  ReadFileResultSchema,
  WriteFileArgumentsSchema,
} from './file-tool-schemas.ts';
import {
  CancelJobArgumentsSchema,
  GetJobArgumentsSchema,
  ListJobsArgumentsSchema,
  ListJobsResultSchema,
  RunEvalArgumentsSchema,
  RunEvalResultSchema,
} from './job-tool-schemas.ts';
import { CanaryRecordSchema, JobRecordSchema } from './record-schemas.ts';
import {
  WhyArgumentsSchema,
  WhyMathArgumentsSchema,
  WhyMathResultSchema,
  WhyResultSchema,
} from './why-tool-schemas.ts';

/**
 * Every tool's `arguments` and `result` schema, in contract order: search and fetch first (the
 * connector contract), then the SPEC's order, then the file operations (opt-in).
 *
 * @example
 * v.parse(TOOL_CONTRACT.get_job.arguments, { jobId: 'job_k3j9x0a1m2qz' });
 */
export const TOOL_CONTRACT = {
  search: { arguments: SearchArgumentsSchema, result: SearchResultSchema },
  fetch: { arguments: FetchArgumentsSchema, result: FetchedDocumentSchema },
  run_eval: { arguments: RunEvalArgumentsSchema, result: RunEvalResultSchema },
  get_job: { arguments: GetJobArgumentsSchema, result: JobRecordSchema },
  list_jobs: { arguments: ListJobsArgumentsSchema, result: ListJobsResultSchema },
  cancel_job: { arguments: CancelJobArgumentsSchema, result: JobRecordSchema },
  start_canary: { arguments: StartCanaryArgumentsSchema, result: CanaryRecordSchema },
  get_canary: { arguments: GetCanaryArgumentsSchema, result: CanaryWithSamplesSchema },
  list_canaries: { arguments: ListCanariesArgumentsSchema, result: ListCanariesResultSchema },
  abort_canary: { arguments: AbortCanaryArgumentsSchema, result: CanaryRecordSchema },
  promote_canary: { arguments: PromoteCanaryArgumentsSchema, result: CanaryRecordSchema },
  why: { arguments: WhyArgumentsSchema, result: WhyResultSchema },
  why_math: { arguments: WhyMathArgumentsSchema, result: WhyMathResultSchema },
  // File operations: registered only when LUKHAS_FILE_OPS=1, after everything above.
  list_files: { arguments: ListFilesArgumentsSchema, result: ListFilesResultSchema },
  read_file: { arguments: ReadFileArgumentsSchema, result: ReadFileResultSchema },
  write_file: { arguments: WriteFileArgumentsSchema, result: FileChangeResultSchema },
  apply_patch: { arguments: ApplyPatchArgumentsSchema, result: FileChangeResultSchema },
} as const;

/** The file operations' tools, in `tools/list` order: present only when file operations are on. */
export const FILE_TOOL_NAMES = ['list_files', 'read_file', 'write_file', 'apply_patch'] as const;

/** The name of a cockpit MCP tool. */
export type ToolName = keyof typeof TOOL_CONTRACT;

/** The tool names in contract (`tools/list`) order. */
export const TOOL_NAMES = Object.keys(TOOL_CONTRACT) as readonly ToolName[];

// A closed object's input without its catch-all `[key: string]: never` for unknown keys.
type ArgumentsOf<Schema> = Schema extends { readonly entries: infer Entries extends v.ObjectEntries }
  ? v.InferInput<v.ObjectSchema<Entries, undefined>>
  : never;

/**
 * The arguments a tool accepts, as written by a caller (the closed objects' catch-all for unknown
 * keys left out). `start_canary`'s are the shape its parser accepts before its rules across fields.
 */
export type ToolArguments<Name extends ToolName> = Name extends 'start_canary'
  ? v.InferOutput<typeof StartCanaryArgumentsSchema>
  : ArgumentsOf<(typeof TOOL_CONTRACT)[Name]['arguments']>;

/** The `structuredContent` a tool answers with. */
export type ToolResult<Name extends ToolName> = v.InferOutput<(typeof TOOL_CONTRACT)[Name]['result']>;
