#!/usr/bin/env node
// The cockpit's CI probe (seeds 001–003 "SSE Quick Probe" / "CI/CD Gates"), runnable by anyone
// against any URL: plain Node ≥ 20, no dependencies, `fetch` only.
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const PROTOCOL_VERSION = '2025-11-25';

const USAGE = `Usage: node scripts/cockpit-probe.mjs [--url URL] [--key KEY] [--timeout SECONDS]

Probes a running MCP Cockpit, one line per step (✓ or ✗, with its time):
  initialize   MCP initialize pinned to protocolVersion ${PROTOCOL_VERSION}
  tools/list   search and fetch listed first
  run_eval     {taskId: "probe", configId: "ci"} answers a jobId
  sse          /sse?topic=job/<id> shows queued → running → completed within the timeout
  evidence     /evidence/export?from=1h is a zip whose entries match its SHA256SUMS
  health       GET /health is 200

Options:
  --url URL          the cockpit (default: $COCKPIT_URL, else http://localhost:8766)
  --key KEY          API key, sent as X-API-Key (default: $COCKPIT_KEY)
  --timeout SECONDS  bound on each step (default: 10)
  --help             this text

Exit status: 0 when every step passes, 1 when any fails, 2 for bad usage.`;

/** Thrown for a bad command line: exit 2. */
class UsageError extends Error {}

/** Parses argv and the environment into `{url, key, timeoutMs}`, or `{help: true}`. */
export function parseProbeArguments(argv, env = process.env) {
  const options = {
    url: env.COCKPIT_URL || 'http://localhost:8766',
    key: env.COCKPIT_KEY || undefined,
    timeout: '10',
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return { help: true };
    const match = /^--(url|key|timeout)(?:=(.*))?$/.exec(argument);
    if (!match) throw new UsageError(`unknown argument "${argument}"`);
    const name = match[1];
    const value = match[2] ?? argv[++index];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    options[name] = value;
  }
  let url;
  try {
    url = new URL(options.url);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${options.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be an http(s) URL, got "${options.url}"`);
  }
  const seconds = Number(options.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got "${options.timeout}"`);
  }
  return { url: url.href.replace(/\/+$/, ''), key: options.key, timeoutMs: seconds * 1000 };
}

/** A step's failure: its message is the ✗ line's reason. */
class ProbeFailure extends Error {}

function headersFor(key, extra = {}) {
  return key ? { 'X-API-Key': key, ...extra } : extra;
}

/** Why a fetch failed, in one line: the socket error's code when there is one. */
function describeFetchError(error) {
  if (error?.name === 'TimeoutError') return 'timed out';
  const cause = error?.cause;
  const detail = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message;
  return detail ? `${error.message}: ${detail}` : (error?.message ?? String(error));
}

async function request(url, init) {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new ProbeFailure(describeFetchError(error));
  }
}

async function failureOf(response) {
  const text = (await response.text().catch(() => '')).trim().slice(0, 300);
  return new ProbeFailure(`HTTP ${response.status}${text ? `: ${text}` : ''}`);
}

/** One JSON-RPC call to /mcp; the answer may be JSON or a one-message event stream. */
async function rpc(context, method, params, extraHeaders = {}) {
  const response = await request(`${context.url}/mcp`, {
    method: 'POST',
    headers: headersFor(context.key, {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...extraHeaders,
    }),
    body: JSON.stringify({ jsonrpc: '2.0', id: ++context.rpcId, method, params }),
    signal: AbortSignal.timeout(context.timeoutMs),
  });
  if (!response.ok) throw await failureOf(response);
  const text = await response.text();
  const body = (response.headers.get('content-type') ?? '').includes('text/event-stream')
    ? text
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .at(-1)
    : text;
  let message;
  try {
    message = JSON.parse(body ?? '');
  } catch {
    throw new ProbeFailure(`${method}: the answer is not JSON-RPC: ${text.slice(0, 200)}`);
  }
  if (message.error)
    throw new ProbeFailure(`${method}: JSON-RPC error ${message.error.code}: ${message.error.message}`);
  return message.result;
}

async function probeInitialize(context) {
  const result = await rpc(context, 'initialize', {
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'cockpit-probe', version: '1.0.0' },
  });
  if (result?.protocolVersion !== PROTOCOL_VERSION) {
    throw new ProbeFailure(
      `protocolVersion is ${JSON.stringify(result?.protocolVersion)}, expected ${PROTOCOL_VERSION}`,
    );
  }
  const serverInfo = result.serverInfo;
  if (typeof serverInfo?.name !== 'string' || typeof serverInfo?.version !== 'string') {
    throw new ProbeFailure(`serverInfo lacks a name and version: ${JSON.stringify(serverInfo)}`);
  }
  await rpc(context, 'notifications/initialized', undefined).catch(() => {});
  return `protocolVersion ${result.protocolVersion}, ${serverInfo.name} ${serverInfo.version}`;
}

async function probeToolsList(context) {
  const result = await rpc(context, 'tools/list', {}, { 'MCP-Protocol-Version': PROTOCOL_VERSION });
  const names = (result?.tools ?? []).map((tool) => tool.name);
  if (names[0] !== 'search' || names[1] !== 'fetch') {
    throw new ProbeFailure(`expected search and fetch first, got [${names.slice(0, 4).join(', ')}]`);
  }
  return `${names.length} tools, search and fetch first`;
}

async function probeRunEval(context) {
  const result = await rpc(
    context,
    'tools/call',
    { name: 'run_eval', arguments: { taskId: 'probe', configId: 'ci' } },
    { 'MCP-Protocol-Version': PROTOCOL_VERSION },
  );
  const text = result?.content?.[0]?.text;
  if (result?.isError) throw new ProbeFailure(`run_eval refused: ${text}`);
  let job = result?.structuredContent;
  if (!job && typeof text === 'string') {
    try {
      job = JSON.parse(text);
    } catch {}
  }
  if (typeof job?.jobId !== 'string')
    throw new ProbeFailure(`no jobId in the answer: ${JSON.stringify(result)}`);
  context.jobId = job.jobId;
  return job.jobId;
}

/** Yields the `{event, data}` frames of an event stream's body, parsed by hand. */
export async function* readSseFrames(body) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length > 0) yield { event, data: data.join('\n') };
      end = buffer.indexOf('\n\n');
    }
  }
}

const JOB_STORY = ['queued', 'running', 'completed'];
const JOB_FAILURES = new Set(['failed', 'cancelled']);

async function probeSse(context) {
  if (!context.jobId) throw new ProbeFailure('skipped: run_eval gave no jobId');
  const topic = `job/${context.jobId}`;
  const signal = AbortSignal.timeout(context.timeoutMs);
  const response = await request(`${context.url}/sse?topic=${encodeURIComponent(topic)}`, {
    headers: headersFor(context.key, { Accept: 'text/event-stream' }),
    signal,
  });
  if (!response.ok) throw await failureOf(response);
  const seen = [];
  try {
    for await (const frame of readSseFrames(response.body)) {
      const type = frame.event;
      if (JOB_FAILURES.has(type)) throw new ProbeFailure(`the job ended ${type} (seen: ${seen.join(' → ')})`);
      if (!JOB_STORY.includes(type)) continue;
      if (type !== JOB_STORY[seen.length]) {
        throw new ProbeFailure(`"${type}" arrived out of order (seen: ${[...seen, type].join(' → ')})`);
      }
      seen.push(type);
      if (seen.length === JOB_STORY.length) {
        await response.body.cancel().catch(() => {});
        return seen.join(' → ');
      }
    }
  } catch (error) {
    if (error instanceof ProbeFailure) throw error;
    if (signal.aborted) {
      throw new ProbeFailure(
        `timed out after ${context.timeoutMs / 1000}s (seen: ${seen.join(' → ') || 'nothing'})`,
      );
    }
    throw new ProbeFailure(describeFetchError(error));
  }
  throw new ProbeFailure(`the stream ended before completed (seen: ${seen.join(' → ') || 'nothing'})`);
}

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** Reads a zip's entries (stored or deflated) into `Map<name, Buffer>`, from its central directory. */
export function readZipEntries(zip) {
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end === -1) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = new Map();
  for (let index = 0; index < count; index++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_HEADER) throw new Error(`bad central directory entry ${index}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (compressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new Error(`${name}: zip64 is not supported`);
    if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`${name}: bad local header`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    let bytes;
    if (method === 0) bytes = Buffer.from(raw);
    else if (method === 8) bytes = inflateRawSync(raw);
    else throw new Error(`${name}: compression method ${method} is not supported`);
    if (bytes.length !== size) throw new Error(`${name}: ${bytes.length} bytes, the directory says ${size}`);
    entries.set(name, bytes);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Checks every entry against SHA256SUMS; returns how many were verified, or throws the mismatch. */
export function verifyEvidenceZip(zip) {
  const entries = readZipEntries(zip);
  const sums = entries.get('SHA256SUMS');
  if (!sums) throw new Error(`no SHA256SUMS among ${[...entries.keys()].join(', ')}`);
  const listed = new Set();
  for (const line of sums.toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match) throw new Error(`unreadable SHA256SUMS line "${line}"`);
    const [, expected, name] = match;
    const bytes = entries.get(name);
    if (!bytes) throw new Error(`${name} is in SHA256SUMS but not in the zip`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== expected) throw new Error(`${name}: sha256 ${actual}, SHA256SUMS says ${expected}`);
    listed.add(name);
  }
  const unlisted = [...entries.keys()].filter((name) => name !== 'SHA256SUMS' && !listed.has(name));
  if (unlisted.length > 0) throw new Error(`not in SHA256SUMS: ${unlisted.join(', ')}`);
  if (listed.size === 0) throw new Error('SHA256SUMS lists no files');
  return listed.size;
}

async function probeEvidence(context) {
  const response = await request(`${context.url}/evidence/export?from=1h`, {
    headers: headersFor(context.key),
    signal: AbortSignal.timeout(context.timeoutMs),
  });
  if (!response.ok) throw await failureOf(response);
  let zip;
  try {
    zip = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new ProbeFailure(`download failed: ${describeFetchError(error)}`);
  }
  try {
    return `${verifyEvidenceZip(zip)} files match SHA256SUMS (${zip.length} bytes)`;
  } catch (error) {
    throw new ProbeFailure(error.message);
  }
}

async function probeHealth(context) {
  const response = await request(`${context.url}/health`, {
    headers: headersFor(context.key),
    signal: AbortSignal.timeout(context.timeoutMs),
  });
  if (response.status !== 200) throw await failureOf(response);
  const body = await response.json().catch(() => ({}));
  return `200${body.status ? ` ${body.status}` : ''}`;
}

const STEPS = [
  ['initialize', probeInitialize],
  ['tools/list', probeToolsList],
  ['run_eval', probeRunEval],
  ['sse', probeSse],
  ['evidence', probeEvidence],
  ['health', probeHealth],
];

/** Runs every step, printing a ✓/✗ line for each; resolves with the names of the failed ones. */
export async function runProbe(options, print = console.log) {
  const context = { ...options, rpcId: 0, jobId: undefined };
  print(`probing ${options.url}`);
  const failed = [];
  for (const [name, step] of STEPS) {
    const started = performance.now();
    try {
      const detail = await step(context);
      print(`✓ ${name}: ${detail} (${Math.round(performance.now() - started)} ms)`);
    } catch (error) {
      failed.push(name);
      const reason = error instanceof ProbeFailure ? error.message : `unexpected: ${error?.stack ?? error}`;
      print(`✗ ${name}: ${reason} (${Math.round(performance.now() - started)} ms)`);
    }
  }
  print(failed.length === 0 ? 'all steps passed' : `FAILED: ${failed.join(', ')}`);
  return failed;
}

async function main() {
  let options;
  try {
    options = parseProbeArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`cockpit-probe: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const failed = await runProbe(options);
  return failed.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
