/** `cockpit promote <canaryId> [--full]`: the human gate, `promote_canary` on a running server. */
import type { CanaryRecord } from '@lukhas/mcp-cockpit-client';
import { booleanFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { callTool, DEFAULT_SERVER_URL, serverConnectionOrDefault } from '../server-connection.ts';

/** The promote command. */
export const promoteCommand: Command = {
  name: 'promote',
  summary: 'resume a canary paused at a pause: {} step (--full: promote at once)',
  usage: `Usage: cockpit promote <canaryId> [--full] [--url URL] [--key KEY] [--json]

Resumes a canary that waits at a \`pause: {}\` step (status paused): it moves on to its next step.
With --full it skips every remaining step and is promoted at once. Calls the server's
\`promote_canary\` tool, which records you (the key's operator) in the audit trail. A canary that is
unknown, not paused or already decided is refused (exit 1), and so is a read-only key (\`key:read\`
in the server's LUKHAS_MCP_API_KEYS); the server's reason is printed.

Options:
  --full       skip every remaining step and promote now
  --url URL    the server (default: $LUKHAS_MCP_URL, else ${DEFAULT_SERVER_URL})
  --key KEY    API key ($LUKHAS_MCP_API_KEY)
  --json       print the canary record as JSON
  -h, --help   show this help

Example:
  cockpit promote canary_7fh2m9qz0c4d --full`,
  options: {
    full: { type: 'boolean' },
    url: { type: 'string' },
    key: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { min: 1, max: 1, name: '<canaryId>' },
  async run(args, io) {
    const canaryId = args.positionals[0] ?? '';
    const connection = serverConnectionOrDefault(stringFlag(args, 'url'), stringFlag(args, 'key'), io);
    const full = booleanFlag(args, 'full');
    const canary = await callTool(connection, `cannot promote "${canaryId}"`, (tools) =>
      tools.promoteCanary({ canaryId, full }),
    );
    io.stdout.write(
      booleanFlag(args, 'json') ? `${JSON.stringify(canary, null, 2)}\n` : `${describe(canary)}\n`,
    );
    return 0;
  },
};

// One line: where the canary is now, e.g. "canary_7f3a paused: 60% to production, step 4 of 5".
function describe(canary: CanaryRecord): string {
  const { canaryId, status, toGate, traffic, decision } = canary;
  // A promotion leaves the step index where the last step began: every step is done all the same.
  const done = status === 'promoted' || (traffic !== null && traffic.stepIndex >= traffic.stepCount);
  const where =
    traffic === null
      ? ''
      : `: ${traffic.weight}% to ${toGate}, ${
          done
            ? `all ${traffic.stepCount} steps done`
            : `step ${traffic.stepIndex + 1} of ${traffic.stepCount}`
        }`;
  const decided = decision === null ? '' : ` (${decision.rule}: ${decision.reason})`;
  return `${canaryId} ${status}${where}${decided}`.replace(/\s+/g, ' ');
}
