/**
 * Every cockpit MCP tool, one file each, in contract order (core's `TOOL_NAMES`): search, fetch,
 * run_eval, get_job, list_jobs, cancel_job, start_canary, get_canary, list_canaries, abort_canary,
 * promote_canary, why, why_math; then, when file operations are on, list_files, read_file,
 * write_file, apply_patch.
 */
import type { CockpitTool } from '../define-tool.ts';
import { abortCanaryTool } from './abort-canary-tool.ts';
import { applyPatchTool } from './apply-patch-tool.ts';
import { cancelJobTool } from './cancel-job-tool.ts';
import { fetchTool } from './fetch-tool.ts';
import { getCanaryTool } from './get-canary-tool.ts';
import { getJobTool } from './get-job-tool.ts';
import { listCanariesTool } from './list-canaries-tool.ts';
import { listFilesTool } from './list-files-tool.ts';
import { listJobsTool } from './list-jobs-tool.ts';
import { promoteCanaryTool } from './promote-canary-tool.ts';
import { readFileTool } from './read-file-tool.ts';
import { runEvalTool } from './run-eval-tool.ts';
import { searchTool } from './search-tool.ts';
import { startCanaryTool } from './start-canary-tool.ts';
import { whyMathTool } from './why-math-tool.ts';
import { whyTool } from './why-tool.ts';
import { writeFileTool } from './write-file-tool.ts';

/**
 * The tools every cockpit registers, in the order `tools/list` shows them (a test pins them and
 * {@link FILE_TOOLS} to core's `TOOL_NAMES`).
 */
export const COCKPIT_TOOLS: readonly CockpitTool[] = [
  searchTool,
  fetchTool,
  runEvalTool,
  getJobTool,
  listJobsTool,
  cancelJobTool,
  startCanaryTool,
  getCanaryTool,
  listCanariesTool,
  abortCanaryTool,
  promoteCanaryTool,
  whyTool,
  whyMathTool,
];

/**
 * The file operations' tools, registered after the others and only when LUKHAS_FILE_OPS=1 (core's
 * `FILE_TOOL_NAMES`): off, they are absent from tools/list and calling one is a JSON-RPC error.
 */
export const FILE_TOOLS: readonly CockpitTool[] = [
  listFilesTool,
  readFileTool,
  writeFileTool,
  applyPatchTool,
];

export { canaryView, sampleView } from './canary-view.ts';
