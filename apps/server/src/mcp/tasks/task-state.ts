/**
 * A task of the tasks extension (SEP-2663) as the cockpit's records show it. A task IS the job or
 * canary its `tools/call` created: the task id is the `jobId` or `canaryId`, and its state is read
 * from the store on every `tasks/get`. Nothing is kept in memory, so any replica answers for any
 * task, a restart loses none, and the durable record exists before the task handle is returned.
 */
import type { CanaryRecord, CanaryStore, JobRecord, JobStore } from '@lukhas/core';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { jsonToolResult } from '../tool-result.ts';
import { canaryView } from '../tools/canary-view.ts';

/** A task's status (SEP-2663). The cockpit's tasks never ask for input. */
export type TaskStatus = 'working' | 'completed' | 'cancelled' | 'failed';

/** A task with its status-specific payload (`DetailedTask` in SEP-2663). */
export interface CockpitTask {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  /** Null: the job and canary records are kept, so the task does not expire. */
  readonly ttlMs: null;
  readonly pollIntervalMs: number;
  /** When completed: the tool's result, as the tool would have answered at the end. */
  readonly result?: CallToolResult;
}

/** How often to poll a job: progress moves in steps of about a second. */
const JOB_POLL_MS = 1000;

/** The store reads a task needs. */
export type TaskStore = Pick<JobStore, 'getJob'> & Pick<CanaryStore, 'getCanary' | 'samplesOf'>;

/**
 * The task `taskId` names, or undefined when it names no job or canary.
 *
 * @example
 * const task = await readTask('job_k3j9x0a1m2qz', store);
 */
export async function readTask(taskId: string, store: TaskStore): Promise<CockpitTask | undefined> {
  const job = await store.getJob(taskId);
  if (job !== undefined) return taskOfJob(job);
  const canary = await store.getCanary(taskId);
  if (canary === undefined) return undefined;
  return taskOfCanary(canary, (await store.samplesOf(taskId)).length);
}

/**
 * A `run_eval` task: working while queued or running (the progress in the message), completed
 * when the job has ended, whatever its outcome (a failed eval is a result, not a protocol fault),
 * with the job as `run_eval {wait: true}` answers it; cancelled when the job was cancelled.
 */
export function taskOfJob(job: JobRecord): CockpitTask {
  const base = {
    taskId: job.jobId,
    createdAt: job.createdAt,
    lastUpdatedAt: job.updatedAt,
    ttlMs: null,
    pollIntervalMs: JOB_POLL_MS,
  } as const;
  switch (job.status) {
    case 'queued':
      return { ...base, status: 'working', statusMessage: `eval "${job.taskId}" is queued` };
    case 'running': {
      const percent = job.progress === null ? '' : `${Math.round(job.progress * 100)}%`;
      const message = [percent, job.message ?? ''].filter((part) => part !== '').join(': ');
      return { ...base, status: 'working', statusMessage: message === '' ? 'running' : message };
    }
    case 'cancelled':
      return { ...base, status: 'cancelled', statusMessage: job.error ?? 'cancelled' };
    default:
      return {
        ...base,
        status: 'completed',
        statusMessage:
          job.status === 'completed' ? 'completed' : `${job.status}: ${job.error ?? 'no reason given'}`,
        result: jsonToolResult({ ...job }),
      };
  }
}

/**
 * A `start_canary` task: working while it runs or waits at a pause; completed once promoted or
 * rolled back by its policy, with the canary as `get_canary` shows its record; cancelled when it
 * was aborted (rule `abort`), which is what cancelling the task does.
 */
export function taskOfCanary(canary: CanaryRecord, samples: number): CockpitTask {
  const base = {
    taskId: canary.canaryId,
    createdAt: canary.createdAt,
    lastUpdatedAt: canary.updatedAt,
    ttlMs: null,
    pollIntervalMs: Math.max(1000, Math.round(canary.policy.intervalSeconds * 1000)),
  } as const;
  if (canary.status === 'running' || canary.status === 'paused') {
    const paused = canary.status === 'paused' ? '; paused for a person: promote_canary resumes it' : '';
    return { ...base, status: 'working', statusMessage: `${samples} samples so far${paused}` };
  }
  const reason =
    canary.decision === null ? canary.status : `${canary.decision.rule}: ${canary.decision.reason}`;
  if (canary.decision?.rule === 'abort') return { ...base, status: 'cancelled', statusMessage: reason };
  return {
    ...base,
    status: 'completed',
    statusMessage: `${canary.status} (${reason})`,
    result: jsonToolResult({ ...canaryView(canary) }),
  };
}
