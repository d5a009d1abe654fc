/** `get_job`: the current state of one evaluation job. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult, toolFailure } from '../tool-result.ts';

/** The `get_job` tool. */
export const getJobTool = defineTool({
  name: 'get_job',
  title: 'Get an evaluation job',
  description:
    'The current state of one job: status (queued, running, completed, failed, cancelled), progress ' +
    '0..1 and last message, result when completed, error when failed or cancelled, and timestamps.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ jobId }, { cockpit }) => {
    const job = await cockpit.store.getJob(jobId);
    if (job === undefined) {
      return toolFailure(`no job ${JSON.stringify(jobId)}; list_jobs shows the recent ones [JOB_NOT_FOUND]`);
    }
    return jsonToolResult({ ...job });
  },
});
