/** `cancel_job`: cancels a queued job, or stops a running one; the reason goes to the audit trail. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';

/** The `cancel_job` tool. */
export const cancelJobTool = defineTool({
  name: 'cancel_job',
  title: 'Cancel an evaluation job',
  description:
    'Cancels a queued job at once, or stops a running one (its task gets SIGTERM, then SIGKILL after a ' +
    'grace period) and answers when it is cancelled. A job that already ended cannot be cancelled. ' +
    'The reason and who cancelled are recorded in the audit trail.',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  scope: 'operate',
  handler: async ({ jobId, reason }, { cockpit, operator }) =>
    jsonToolResult({ ...(await cockpit.jobs.cancel(jobId, { operator, reason: reason ?? null })) }),
});
