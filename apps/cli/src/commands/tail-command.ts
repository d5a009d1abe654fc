/** `cockpit tail <topic…>`: live narrative lines from a running server until Ctrl-C. */
import { booleanFlag, stringFlag } from '../args.ts';
import { failure } from '../cli-error.ts';
import type { CliIo, Command } from '../command.ts';
import {
  DEFAULT_SERVER_URL,
  type ServerConnection,
  serverConnection,
  serverFetch,
} from '../server-connection.ts';

const RECONNECT_MS = 1000;

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
    const connection = serverConnection(
      stringFlag(args, 'url'),
      stringFlag(args, 'key'),
      io,
      DEFAULT_SERVER_URL,
    );
    if (connection === undefined) throw failure('no server URL: pass --url');
    const query = new URLSearchParams(args.positionals.map((topic) => ['topic', topic]));
    const json = booleanFlag(args, 'json');
    let lastEventId: string | undefined;
    let connected = false;
    while (!io.signal.aborted) {
      try {
        lastEventId = await follow(io, connection, `/sse?${query}`, lastEventId, json);
        connected = true;
      } catch (error) {
        if (io.signal.aborted) break;
        // The first connection must work; later drops are retried like the client SDK does.
        if (!connected) throw error;
        io.stderr.write(`stream dropped (${(error as Error).message}); reconnecting\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
    return 0;
  },
};

/** Reads one connection to its end; resolves with the last event id seen. */
async function follow(
  io: CliIo,
  connection: ServerConnection,
  pathAndQuery: string,
  lastEventId: string | undefined,
  json: boolean,
): Promise<string | undefined> {
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
  const response = await serverFetch(connection, pathAndQuery, { headers, signal: io.signal });
  if (response.body === null) return lastEventId;
  const decoder = new TextDecoder();
  let pending = '';
  let data: string[] = [];
  let seen = lastEventId;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split(/\r\n|\r|\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) io.stdout.write(`${render(data.join('\n'), json)}\n`);
          data = [];
        } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        else if (line.startsWith('id:')) seen = line.slice(3).trim();
      }
    }
  } catch (error) {
    if (io.signal.aborted) return seen;
    throw error;
  }
  return seen;
}

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
