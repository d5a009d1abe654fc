/**
 * The evaluation job tools: `run_eval`, `get_job`, `list_jobs`, `cancel_job`.
 */

import type { JobRecord } from '@lukhas/core';
import { JOB_LIST_LIMIT } from '@lukhas/persistence';
import type { McpServer } from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { watchJobEvents } from './job-watch.ts';
import { mcpSchema } from './mcp-schema.ts';
import { progressReporter } from './progress-reporter.ts';
import { JOB_STATUSES, JobRecordSchema } from './record-schemas.ts';
import { idArgument, limitArgument, MAX_ID_LENGTH, textArgument, toolArguments } from './tool-arguments.ts';
import type { McpToolContext } from './tool-context.ts';
import { toolErrorResult } from './tool-error.ts';
import { jsonToolResult, toolFailure } from './tool-result.ts';

const JOB_ID_EXAMPLE = 'job_k3j9x0a1m2qz';

const RunEvalInput = mcpSchema(
  toolArguments({
    taskId: idArgument('taskId', 'lukhas-agi-stress', 'the evaluation task to run'),
    configId: v.optional(
      v.pipe(
        v.nullable(
          v.pipe(
            v.string('expected configId to be a string or null'),
            v.maxLength(MAX_ID_LENGTH, `expected configId to be at most ${MAX_ID_LENGTH} characters`),
          ),
        ),
        v.description('the configuration the task runs with, e.g. "production"; passed to the task'),
      ),
    ),
    wait: v.optional(
      v.pipe(
        v.boolean('expected wait to be true or false'),
        v.description(
          'true: answer when the job has ended (with its result), streaming notifications/progress ' +
            'meanwhile if the request carries _meta.progressToken; bounded, then the job as it is then',
        ),
      ),
    ),
  }),
);

const RunEvalOutput = mcpSchema(
  v.object({
    ...JobRecordSchema.entries,
    wait: v.optional(
      v.object({
        outcome: v.pipe(
          v.picklist(['ended', 'timed_out', 'aborted']),
          v.description(
            'ended: the job finished; timed_out: the wait bound passed; aborted: the call was cancelled',
          ),
        ),
        waitedSeconds: v.number(),
      }),
    ),
  }),
);

const JobIdInput = (purpose: string) =>
  mcpSchema(toolArguments({ jobId: idArgument('jobId', JOB_ID_EXAMPLE, purpose) }));

const ListJobsInput = mcpSchema(
  toolArguments({
    status: v.optional(
      v.pipe(
        v.picklist(JOB_STATUSES, `expected status to be one of ${JOB_STATUSES.join(', ')}`),
        v.description('only jobs in this status'),
      ),
    ),
    limit: limitArgument({ max: JOB_LIST_LIMIT.max, fallback: JOB_LIST_LIMIT.default }),
  }),
);

const CancelJobInput = mcpSchema(
  toolArguments({
    jobId: idArgument('jobId', JOB_ID_EXAMPLE, 'the job to cancel'),
    reason: textArgument('reason', 'why it is cancelled; recorded in the audit trail and the narrative'),
  }),
);

const JobOutput = mcpSchema(JobRecordSchema);
const JobListOutput = mcpSchema(v.object({ jobs: v.array(JobRecordSchema) }));

/** Registers `run_eval`, `get_job`, `list_jobs` and `cancel_job`, in that order. */
export function registerJobTools(server: McpServer, context: McpToolContext): void {
  const { jobs, store, tasks, onEvent } = context.cockpit;
  const { operator, report } = context;
  const taskHint =
    tasks.mode === 'demo'
      ? 'This cockpit runs in demo mode: any taskId runs a simulated eval of a few seconds.'
      : `Known tasks: ${tasks.taskIds.join(', ')}.`;

  server.registerTool(
    'run_eval',
    {
      title: 'Run an evaluation job',
      description:
        `Queues an evaluation job for a task and returns the job (status "queued", with its jobId). ${taskHint} ` +
        'Follow it with get_job, or pass wait: true to get the finished job in one call (with progress ' +
        'notifications when you send a progressToken). Jobs run a few at a time; the rest wait in order.',
      inputSchema: RunEvalInput,
      outputSchema: RunEvalOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    async ({ taskId, configId, wait }, requestContext) => {
      const watch = wait === true ? watchJobEvents(onEvent) : undefined;
      try {
        const job = await jobs.submit({ taskId, configId: configId ?? null }, operator);
        if (watch === undefined) return jsonToolResult({ ...job });
        const started = context.now();
        const progress = progressReporter(requestContext);
        await progress.report(0, `eval "${job.taskId}" queued as ${job.jobId}`);
        const outcome = await watch.waitForEnd(job.jobId, {
          maxWaitMs: context.maxWaitMs,
          signal: requestContext.mcpReq.signal,
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
      } catch (error) {
        return toolErrorResult(error, { tool: 'run_eval', report });
      } finally {
        watch?.stop();
      }
    },
  );

  server.registerTool(
    'get_job',
    {
      title: 'Get an evaluation job',
      description:
        'The current state of one job: status (queued, running, completed, failed, cancelled), progress ' +
        '0..1 and last message, result when completed, error when failed or cancelled, and timestamps.',
      inputSchema: JobIdInput('the job to read'),
      outputSchema: JobOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ jobId }) => {
      try {
        const job = await store.getJob(jobId);
        return job === undefined ? unknownJob(jobId) : jsonToolResult({ ...job });
      } catch (error) {
        return toolErrorResult(error, { tool: 'get_job', report });
      }
    },
  );

  server.registerTool(
    'list_jobs',
    {
      title: 'List evaluation jobs',
      description: 'Recent jobs, newest first, optionally only those in one status.',
      inputSchema: ListJobsInput,
      outputSchema: JobListOutput,
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    async ({ status, limit }) => {
      try {
        const filter = {
          ...(status === undefined ? {} : { status }),
          ...(limit === undefined ? {} : { limit }),
        };
        return jsonToolResult({ jobs: await store.listJobs(filter) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'list_jobs', report });
      }
    },
  );

  server.registerTool(
    'cancel_job',
    {
      title: 'Cancel an evaluation job',
      description:
        'Cancels a queued job at once, or stops a running one (its task gets SIGTERM, then SIGKILL after a ' +
        'grace period) and answers when it is cancelled. A job that already ended cannot be cancelled. ' +
        'The reason and who cancelled are recorded in the audit trail.',
      inputSchema: CancelJobInput,
      outputSchema: JobOutput,
      annotations: {
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: false,
      },
    },
    async ({ jobId, reason }) => {
      try {
        return jsonToolResult({ ...(await jobs.cancel(jobId, { operator, reason: reason ?? null })) });
      } catch (error) {
        return toolErrorResult(error, { tool: 'cancel_job', report });
      }
    },
  );
}

function unknownJob(jobId: string) {
  return toolFailure(`no job ${JSON.stringify(jobId)}; list_jobs shows the recent ones [JOB_NOT_FOUND]`);
}

function endMessage(job: JobRecord): string {
  if (job.status === 'completed') return `job ${job.jobId} completed`;
  return `job ${job.jobId} ${job.status}${job.error === null ? '' : `: ${job.error}`}`;
}
