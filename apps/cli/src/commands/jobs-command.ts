/** `cockpit jobs`: the newest evaluation jobs as a table or JSON. */
import { JOB_STATUSES, type JobStatus } from '@lukhas/core';
import { booleanFlag, choiceFlag, positiveIntFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { formatTable } from '../format-table.ts';
import { withStore } from '../open-store.ts';

const STATUSES: readonly JobStatus[] = JOB_STATUSES;

/** The jobs command. */
export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'list evaluation jobs, newest first',
  usage: `Usage: cockpit jobs [--status S] [--limit N] [--json] [--db PATH]

Options:
  --status S   only jobs in status S (${STATUSES.join(', ')})
  --limit N    at most N jobs (default: the store's page limit)
  --json       print the job records as a JSON array
  --db PATH    database file or postgres:// URL (default: $LUKHAS_MCP_DB, else ./lukhas-mcp.db)
  -h, --help   show this help

Example:
  cockpit jobs --status failed --limit 20`,
  options: {
    status: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    db: { type: 'string' },
  },
  async run(args, io) {
    const status = choiceFlag(args, 'status', STATUSES, 'jobs');
    const limit = positiveIntFlag(args, 'limit', 'jobs');
    const jobs = await withStore(stringFlag(args, 'db'), io, (store) =>
      store.listJobs({
        ...(status === undefined ? {} : { status }),
        ...(limit === undefined ? {} : { limit }),
      }),
    );
    if (booleanFlag(args, 'json')) {
      io.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`);
      return 0;
    }
    if (jobs.length === 0) {
      io.stdout.write('no jobs\n');
      return 0;
    }
    io.stdout.write(
      formatTable(
        ['JOB', 'TASK', 'STATUS', 'PROGRESS', 'CREATED', 'MESSAGE'],
        jobs.map((job) => [
          job.jobId,
          job.taskId,
          job.status,
          job.progress === null ? '-' : `${Math.round(job.progress * 100)}%`,
          job.createdAt,
          (job.error ?? job.message ?? '').replace(/\s+/g, ' '),
        ]),
      ),
    );
    return 0;
  },
};
