/** `cockpit export`: the evidence pack, from the database file or from a running server. */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EVIDENCE_FILES, isEvidenceError, parseEvidenceRange, writeEvidencePack } from '@lukhas/evidence';
// The CLI writes this pack itself; it ships in lockstep with the server (one workspace version).
import cliPackage from '../../package.json' with { type: 'json' };
import { requiredFlag, stringFlag } from '../args.ts';
import { failure } from '../cli-error.ts';
import type { CliIo, Command, CommandArgs } from '../command.ts';
import { withStore } from '../open-store.ts';
import { formatBytes, progressBar } from '../progress-bar.ts';
import { serverConnection, serverFetch } from '../server-connection.ts';

const NAME = 'export';

/** The export command. */
export const exportCommand: Command = {
  name: NAME,
  summary: 'write an evidence pack (zip with SHA256SUMS) for a time range',
  usage: `Usage: cockpit export --from AGE|ISO [--to AGE|ISO] --out FILE [--db PATH | --url URL [--key KEY]]

Writes the evidence pack (audits.json, audits.csv, narrative.txt, canary-samples.csv,
decisions.json, meta.json, SHA256SUMS) for the range, from the database file or, with --url,
downloaded from a running server's /evidence/export. A progress bar is drawn on stderr when it
is a terminal.

Options:
  --from AGE|ISO  start: an age (30d, 12h, 90m, 45s) or ISO-8601 with a zone (required)
  --to AGE|ISO    end (default: now)
  --out FILE      the zip to write (required)
  --db PATH       database file or postgres:// URL (default: $LUKHAS_MCP_DB, else ./lukhas-mcp.db)
  --url URL       export from a running server instead ($LUKHAS_MCP_URL)
  --key KEY       API key for --url ($LUKHAS_MCP_API_KEY)
  -h, --help      show this help

Example:
  cockpit export --from 30d --out ops-evidence.zip
  unzip ops-evidence.zip -d pack && (cd pack && sha256sum -c SHA256SUMS)`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    out: { type: 'string' },
    db: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
  },
  async run(args, io) {
    const from = requiredFlag(args, 'from', NAME, '30d');
    const to = stringFlag(args, 'to');
    const out = path.resolve(io.cwd, requiredFlag(args, 'out', NAME, 'ops-evidence.zip'));
    const connection = serverConnection(stringFlag(args, 'url'), stringFlag(args, 'key'), io);
    try {
      const bytes =
        connection === undefined
          ? await exportFromDatabase(args, io, { from, to, out })
          : await exportFromServer(io, connection, { from, to, out });
      io.stdout.write(`wrote ${out} (${formatBytes(bytes)})\n`);
      return 0;
    } catch (error) {
      // Never leave a file that looks like a whole pack.
      await rm(out, { force: true });
      throw error;
    }
  },
};

interface ExportTarget {
  readonly from: string;
  readonly to: string | undefined;
  readonly out: string;
}

async function exportFromDatabase(args: CommandArgs, io: CliIo, target: ExportTarget): Promise<number> {
  const now = Date.now();
  let range: ReturnType<typeof parseEvidenceRange>;
  try {
    range = parseEvidenceRange({ from: target.from, to: target.to }, now);
  } catch (error) {
    if (isEvidenceError(error)) throw failure(`bad range: ${error.message}`, error);
    throw error;
  }
  return withStore(stringFlag(args, 'db'), io, async (store) => {
    const bar = progressBar(io, EVIDENCE_FILES.length);
    let written = 0;
    bar.update(0, 'starting');
    try {
      const summary = await writeEvidencePack({
        store,
        range,
        serverVersion: cliPackage.version,
        generatedAt: now,
        output: createWriteStream(target.out),
        onProgress: (digest) => {
          written += 1;
          bar.update(written, digest.name);
        },
      });
      bar.update(EVIDENCE_FILES.length, 'SHA256SUMS');
      return summary.zipBytes;
    } finally {
      bar.end();
    }
  });
}

async function exportFromServer(
  io: CliIo,
  connection: NonNullable<ReturnType<typeof serverConnection>>,
  target: ExportTarget,
): Promise<number> {
  const query = new URLSearchParams({ from: target.from });
  if (target.to !== undefined) query.set('to', target.to);
  const response = await serverFetch(connection, `/evidence/export?${query}`, { signal: io.signal });
  if (response.body === null) throw failure(`the cockpit at ${connection.url} sent an empty export`);
  const bar = progressBar(io, undefined);
  let bytes = 0;
  const counted = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  counted.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    bar.update(bytes, `downloaded ${formatBytes(bytes)}`);
  });
  try {
    await pipeline(counted, createWriteStream(target.out));
  } catch (error) {
    throw failure(
      `the download from ${connection.url} broke off after ${formatBytes(bytes)}: check the server's log and retry`,
      error,
    );
  } finally {
    bar.end();
  }
  return bytes;
}
