/** `cockpit tail <topic…>`: live narrative lines from a running server until Ctrl-C. */
import { type CockpitClientError, EventStream } from '@lukhas/mcp-cockpit-client';
import { booleanFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { clientFailure, DEFAULT_SERVER_URL, serverConnectionOrDefault } from '../server-connection.ts';

/** The tail command. */
export const tailCommand: Command = {
  name: 'tail',
  summary: 'follow live events of topics (jobs, canaries, job/<id>, canary/<id>, *)',
  usage: `Usage: cockpit tail <topic…> [--url URL] [--key KEY] [--json]

Prints the narrative line of every live event on the topics until Ctrl-C, reconnecting (and
resuming from the last event seen) when the stream drops.

Topics: jobs, canaries, job/<id>, canary/<id>, job/*, canary/*, *

Options:
  --url URL    the server (default: $LUKHAS_MCP_URL, else ${DEFAULT_SERVER_URL})
  --key KEY    API key ($LUKHAS_MCP_API_KEY)
  --json       print each event's data as one JSON line instead
  -h, --help   show this help

Example:
  cockpit tail 'canary/*' jobs`,
  options: { url: { type: 'string' }, key: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, name: '<topic…>' },
  async run(args, io) {
    const connection = serverConnectionOrDefault(stringFlag(args, 'url'), stringFlag(args, 'key'), io);
    const query = new URLSearchParams(args.positionals.map((topic) => ['topic', topic]));
    const json = booleanFlag(args, 'json');
    // The SDK's resumable stream: it reconnects with Last-Event-ID and never repeats an event.
    const stopped = await new Promise<CockpitClientError | undefined>((resolve) => {
      let connected = false;
      const stream = new EventStream({
        url: () => `${connection.url}/sse?${query}`,
        headers: (): Record<string, string> =>
          connection.key === undefined ? {} : { 'X-API-Key': connection.key },
        fetch: (input, init) => fetch(input, init),
        onMessage: (message) => io.stdout.write(`${render(message.data, json)}\n`),
        // On stderr, so that stdout stays the events alone (`--json` output pipes cleanly).
        onOpen: () => {
          io.stderr.write(
            connected
              ? 'reconnected; missed events follow\n'
              : `connected to ${connection.url}/sse (${args.positionals.join(', ')}); waiting for events\n`,
          );
          connected = true;
        },
        onReconnecting: ({ error }) => {
          // The first connection must work; later drops are retried.
          if (!connected) return finish(error);
          io.stderr.write(`stream dropped (${error.message}); reconnecting\n`);
        },
        onError: (error) => finish(error),
      });
      const finish = (error?: CockpitClientError) => {
        stream.close();
        io.signal.removeEventListener('abort', onAbort);
        resolve(error);
      };
      const onAbort = () => finish();
      if (io.signal.aborted) return resolve(undefined);
      io.signal.addEventListener('abort', onAbort, { once: true });
      stream.start();
    });
    if (stopped !== undefined) throw clientFailure(stopped, connection);
    return 0;
  },
};

function render(data: string, json: boolean): string {
  if (json) return data;
  try {
    const parsed = JSON.parse(data) as { narrative?: unknown };
    if (typeof parsed.narrative === 'string') return parsed.narrative;
  } catch {
    // not JSON: show as sent
  }
  return data;
}
