/** `cockpit canaries`: the newest canaries as a table or JSON. */
import { CANARY_STATUSES, type CanaryStatus } from '@lukhas/core';
import { booleanFlag, choiceFlag, positiveIntFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { formatTable } from '../format-table.ts';
import { withStore } from '../open-store.ts';

const STATUSES: readonly CanaryStatus[] = CANARY_STATUSES;

/** The canaries command. */
export const canariesCommand: Command = {
  name: 'canaries',
  summary: 'list canaries, newest first',
  usage: `Usage: cockpit canaries [--status S] [--model M] [--limit N] [--json] [--db PATH]

Options:
  --status S   only canaries in status S (${STATUSES.join(', ')})
  --model M    only canaries of model M
  --limit N    at most N canaries (default: the store's page limit)
  --json       print the canary records as a JSON array
  --db PATH    database file or postgres:// URL (default: $LUKHAS_MCP_DB, else ./lukhas-mcp.db)
  -h, --help   show this help

Example:
  cockpit canaries --status rolled_back --model matriz-v3`,
  options: {
    status: { type: 'string' },
    model: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    db: { type: 'string' },
  },
  async run(args, io) {
    const status = choiceFlag(args, 'status', STATUSES, 'canaries');
    const modelId = stringFlag(args, 'model');
    const limit = positiveIntFlag(args, 'limit', 'canaries');
    const canaries = await withStore(stringFlag(args, 'db'), io, (store) =>
      store.listCanaries({
        ...(status === undefined ? {} : { status }),
        ...(modelId === undefined ? {} : { modelId }),
        ...(limit === undefined ? {} : { limit }),
      }),
    );
    if (booleanFlag(args, 'json')) {
      io.stdout.write(`${JSON.stringify(canaries, null, 2)}\n`);
      return 0;
    }
    if (canaries.length === 0) {
      io.stdout.write('no canaries\n');
      return 0;
    }
    io.stdout.write(
      formatTable(
        ['CANARY', 'MODEL', 'GATES', 'STATUS', 'STARTED', 'DECISION'],
        canaries.map((canary) => [
          canary.canaryId,
          canary.modelId,
          `${canary.fromGate}→${canary.toGate}`,
          canary.status,
          canary.startedAt,
          canary.decision === null
            ? '-'
            : `${canary.decision.rule}: ${canary.decision.reason}`.replace(/\s+/g, ' '),
        ]),
      ),
    );
    return 0;
  },
};
