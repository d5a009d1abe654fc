/**
 * The wire contract of the evaluation job tools (`run_eval`, `get_job`, `list_jobs`, `cancel_job`):
 * their arguments and results, from which the server's `tools/list` schemas and the client's types
 * derive.
 */
import * as v from 'valibot';
import { JOB_LIST_LIMIT } from './ports.ts';
import { JobRecordSchema } from './record-schemas.ts';
import { JOB_STATUSES } from './statuses.ts';
import { idArgument, limitArgument, MAX_ID_LENGTH, textArgument, toolArguments } from './tool-arguments.ts';

const JOB_ID_EXAMPLE = 'job_k3j9x0a1m2qz';

/** `run_eval` arguments. */
export const RunEvalArgumentsSchema = toolArguments('`run_eval` arguments.', {
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
});

/** `run_eval` result: the queued job, or with `wait` the ended one and how the wait ended. */
export const RunEvalResultSchema = v.pipe(
  v.object({
    ...JobRecordSchema.entries,
    wait: v.optional(
      v.pipe(
        v.object({
          outcome: v.pipe(
            v.picklist(['ended', 'timed_out', 'aborted']),
            v.description(
              'ended: the job finished; timed_out: the wait bound passed; aborted: the call was cancelled',
            ),
          ),
          waitedSeconds: v.number(),
        }),
        v.description('how the wait ended, when the call asked to wait'),
      ),
    ),
  }),
  v.description('`run_eval` result: the queued job, or with `wait` the ended one and how the wait ended.'),
);

/** `get_job` arguments. */
export const GetJobArgumentsSchema = toolArguments('`get_job` arguments.', {
  jobId: idArgument('jobId', JOB_ID_EXAMPLE, 'the job to read'),
});

/** `list_jobs` arguments. */
export const ListJobsArgumentsSchema = toolArguments('`list_jobs` arguments.', {
  status: v.optional(
    v.pipe(
      v.picklist(JOB_STATUSES, `expected status to be one of ${JOB_STATUSES.join(', ')}`),
      v.description('only jobs in this status'),
    ),
  ),
  limit: limitArgument({ max: JOB_LIST_LIMIT.max, fallback: JOB_LIST_LIMIT.default }),
  before: v.optional(
    idArgument(
      'before',
      JOB_ID_EXAMPLE,
      'the next page: the jobs listed after this one (a `next` of the last page)',
    ),
  ),
});

/** `list_jobs` result, newest first. */
export const ListJobsResultSchema = v.pipe(
  v.object({
    jobs: v.array(JobRecordSchema),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('pass as `before` for the next page; null when this page was not full (the last one)'),
    ),
  }),
  v.description('`list_jobs` result, newest first.'),
);

/** `cancel_job` arguments; the reason goes to the audit trail. */
export const CancelJobArgumentsSchema = toolArguments('`cancel_job` arguments.', {
  jobId: idArgument('jobId', JOB_ID_EXAMPLE, 'the job to cancel'),
  reason: textArgument('reason', 'why it is cancelled; recorded in the audit trail and the narrative'),
});
