/** `list_jobs`: recent evaluation jobs, newest first. */

import { JOB_LIST_LIMIT } from '@lukhas/core';
import { defineTool } from '../define-tool.ts';
import { jsonToolResult, toolFailure } from '../tool-result.ts';
import { pageOf, pageSize, rowsToRead } from './page-size.ts';

/** The `list_jobs` tool. */
export const listJobsTool = defineTool({
  name: 'list_jobs',
  title: 'List evaluation jobs',
  description:
    'Recent jobs, newest first, optionally only those in one status; `before` (the `next` of a page) ' +
    'gives the page after it.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ status, limit, before }, { cockpit }) => {
    if (before !== undefined && (await cockpit.store.getJob(before)) === undefined) {
      return toolFailure(`no job ${JSON.stringify(before)} to list after [JOB_NOT_FOUND]`);
    }
    const size = pageSize(limit, JOB_LIST_LIMIT);
    const found = await cockpit.store.listJobs({
      ...(status === undefined ? {} : { status }),
      ...(before === undefined ? {} : { before }),
      limit: rowsToRead(size, JOB_LIST_LIMIT),
    });
    const { rows, next } = pageOf(found, size, JOB_LIST_LIMIT, (job) => job.jobId);
    return jsonToolResult({ jobs: rows, next });
  },
});
