/** `cockpit why <id>`: the narrative of a job, canary or model, oldest first. */
import { booleanFlag, stringFlag } from '../args.ts';
import { failure } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { withStore } from '../open-store.ts';
import { callTool, serverConnection } from '../server-connection.ts';

/** The why command. */
export const whyCommand: Command = {
  name: 'why',
  summary: 'the narrative of a job, canary or model',
  usage: `Usage: cockpit why <id> [--json] [--db PATH | --url URL [--key KEY]]

Prints every narrative line recorded for the id (a jobId, canaryId or modelId), oldest first,
from the database file or, with --url, through the server's \`why\` tool.

Options:
  --json       print the entries as a JSON array (database only)
  --db PATH    database file or postgres:// URL (default: $LUKHAS_MCP_DB, else ./lukhas-mcp.db)
  --url URL    ask a running server instead ($LUKHAS_MCP_URL)
  --key KEY    API key for --url ($LUKHAS_MCP_API_KEY)
  -h, --help   show this help

Example:
  cockpit why canary_7f3a`,
  options: {
    json: { type: 'boolean' },
    db: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
  },
  positionals: { min: 1, max: 1, name: '<id>' },
  async run(args, io) {
    const id = args.positionals[0] ?? '';
    const connection = serverConnection(stringFlag(args, 'url'), stringFlag(args, 'key'), io);
    if (connection !== undefined) {
      const { lines } = await callTool(connection, `the cockpit could not answer why "${id}"`, (tools) =>
        tools.why({ id }),
      );
      io.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    }
    const entries = await withStore(stringFlag(args, 'db'), io, (store) => store.narrativeFor(id));
    if (entries.length === 0) {
      throw failure(
        `nothing recorded for "${id}": check the id with \`cockpit jobs\` or \`cockpit canaries\``,
      );
    }
    if (booleanFlag(args, 'json')) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    else io.stdout.write(`${entries.map((entry) => entry.line).join('\n')}\n`);
    return 0;
  },
};
