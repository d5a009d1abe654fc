/** `list_jobs`: recent evaluation jobs, newest first. */
import { defineTool } from '../define-tool.ts';
import { jsonToolResult } from '../tool-result.ts';

/** The `list_jobs` tool. */
export const listJobsTool = defineTool({
  name: 'list_jobs',
  title: 'List evaluation jobs',
  description: 'Recent jobs, newest first, optionally only those in one status.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ status, limit }, { cockpit }) => {
    const filter = {
      ...(status === undefined ? {} : { status }),
      ...(limit === undefined ? {} : { limit }),
    };
    return jsonToolResult({ jobs: await cockpit.store.listJobs(filter) });
  },
});
