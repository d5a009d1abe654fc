/**
 * `run_eval`: queues an evaluation job; with `wait: true`, answers when it has ended, streaming
 * `notifications/progress` meanwhile.
 */
import type { JobRecord } from '@lukhas/core';
import { defineTool } from '../define-tool.ts';
import { watchJobEvents } from '../job-watch.ts';
import { progressReporter } from '../progress-reporter.ts';
import { jsonToolResult } from '../tool-result.ts';

/** The `run_eval` tool. */
export const runEvalTool = defineTool({
  name: 'run_eval',
  title: 'Run an evaluation job',
  description: ({ cockpit: { tasks } }) => {
    const taskHint =
      tasks.mode === 'demo'
        ? 'This cockpit runs in demo mode: any taskId runs a simulated eval of a few seconds.'
        : `Known tasks: ${tasks.taskIds.join(', ')}.`;
    return (
      `Queues an evaluation job for a task and returns the job (status "queued", with its jobId). ${taskHint} ` +
      'Follow it with get_job, or pass wait: true to get the finished job in one call (with progress ' +
      'notifications when you send a progressToken). Jobs run a few at a time; the rest wait in order.'
    );
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  scope: 'operate',
  handler: async ({ taskId, configId, wait }, context, request) => {
    const { jobs, store, onEvent } = context.cockpit;
    const watch = wait === true ? watchJobEvents(onEvent) : undefined;
    try {
      const job = await jobs.submit({ taskId, configId: configId ?? null }, context.operator);
      if (watch === undefined) return jsonToolResult({ ...job });
      const started = context.now();
      const progress = progressReporter(request);
      await progress.report(0, `eval "${job.taskId}" queued as ${job.jobId}`);
      const outcome = await watch.waitForEnd(job.jobId, {
        maxWaitMs: context.maxWaitMs,
        signal: request.mcpReq.signal,
        onEvent: (event) => {
          const fraction = typeof event.data.progress === 'number' ? event.data.progress : 0;
          const message = typeof event.data.message === 'string' ? event.data.message : event.type;
          void progress.report(fraction, message);
        },
      });
      const final = (await store.getJob(job.jobId)) ?? job;
      if (outcome === 'ended') await progress.report(1, endMessage(final));
      return jsonToolResult({
        ...final,
        wait: { outcome, waitedSeconds: Math.round((context.now() - started) / 100) / 10 },
      });
    } finally {
      watch?.stop();
    }
  },
});

function endMessage(job: JobRecord): string {
  if (job.status === 'completed') return `job ${job.jobId} completed`;
  return `job ${job.jobId} ${job.status}${job.error === null ? '' : `: ${job.error}`}`;
}
