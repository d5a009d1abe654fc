/**
 * What the MCP tools are given: the parts of the running cockpit they drive, who is calling, and
 * the few knobs of the MCP layer itself.
 */
import type { Access } from '../access/index.ts';
import type { Cockpit } from '../cockpit.ts';
import type { McpToolMetrics } from './tool-metrics.ts';

/** The parts of the cockpit the tools use (tests may hand in their own; without `policyBounds`, core's defaults). */
export type McpCockpit = Pick<Cockpit, 'store' | 'jobs' | 'tasks' | 'canaries' | 'documents' | 'onEvent'> &
  Partial<Pick<Cockpit, 'files'>> &
  Partial<Pick<Cockpit, 'policyBounds'>>;

/**
 * Everything a tool group needs to register its tools for one request. It is the caller's
 * {@link Access}: `operator`, the audit label (`key:1a2b3c4d`, `local`) the engines record, and
 * `scopes`, which `defineTool` checks against each tool's scope before its handler runs.
 */
export interface McpToolContext extends Access {
  readonly cockpit: McpCockpit;
  /** Epoch ms, for `why_math` on a running canary. */
  readonly now: () => number;
  /** Longest `run_eval {wait: true}` blocks before answering with the job as it is. */
  readonly maxWaitMs: number;
  /** Hears internal failures (never business failures such as an unknown id). */
  readonly report: (error: Error) => void;
  /** Hears every call of a registered tool (outcome, duration); left out, nothing is measured. */
  readonly metrics?: McpToolMetrics;
}

/** Ten minutes: long enough for a real eval, short enough that a forgotten call ends. */
export const DEFAULT_MAX_WAIT_MS = 10 * 60 * 1000;
