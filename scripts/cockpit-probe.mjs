#!/usr/bin/env node
// The cockpit's CI probe (seeds 001–003 "SSE Quick Probe" / "CI/CD Gates"), runnable by anyone
// against any URL: plain Node ≥ 20, no install. `/mcp` and `/sse` are spoken by the client SDK,
// through its committed one-file bundle in ./vendor (a test keeps it equal to a fresh build of
// packages/client).
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { CockpitTools, isCockpitClientError, LukhasMCPCockpit } from './vendor/mcp-cockpit-client.mjs';

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

/** A failure of the SDK as the ✗ line's reason: `HTTP <status>: <body>`, the socket error, or the message. */
function describeClientError(error) {
  if (!isCockpitClientError(error)) return describeFetchError(error);
  if (error.code === 'ABORTED' || error.cause?.name === 'TimeoutError') return 'timed out';
  if (error.code === 'NETWORK_ERROR') return describeFetchError(error.cause);
  if (error.status !== undefined && error.status >= 400) {
    const body = typeof error.body === 'string' ? error.body : JSON.stringify(error.body ?? '');
    const text = body.trim().slice(0, 300);
    return `HTTP ${error.status}${text && text !== '""' ? `: ${text}` : ''}`;
  }
  return error.message;
}

/** The SDK's tools for this probe's URL and key. */
function toolsOf(context) {
  context.tools ??= new CockpitTools(context.url, context.key);
  return context.tools;
}

/** One JSON-RPC request to /mcp through the SDK; every failure becomes the step's ✗ reason. */
async function rpc(context, method, params, headers = {}) {
  try {
    return await toolsOf(context).request(method, params, {
      headers,
      signal: AbortSignal.timeout(context.timeoutMs),
    });
  } catch (error) {
    if (isCockpitClientError(error, 'RPC_ERROR'))
      throw new ProbeFailure(`${method}: JSON-RPC error ${error.rpcError?.code}: ${error.rpcError?.message}`);
    throw new ProbeFailure(describeClientError(error));
  }
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
  await toolsOf(context)
    .notify('notifications/initialized', undefined, { signal: AbortSignal.timeout(context.timeoutMs) })
    .catch(() => {});
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
  let job;
  try {
    job = await toolsOf(context).callTool(
      'run_eval',
      { taskId: 'probe', configId: 'ci' },
      {
        headers: { 'MCP-Protocol-Version': PROTOCOL_VERSION },
        signal: AbortSignal.timeout(context.timeoutMs),
      },
    );
  } catch (error) {
    if (isCockpitClientError(error, 'TOOL_ERROR'))
      throw new ProbeFailure(`run_eval refused: ${error.message}`);
    if (isCockpitClientError(error, 'RPC_ERROR'))
      throw new ProbeFailure(
        `tools/call: JSON-RPC error ${error.rpcError?.code}: ${error.rpcError?.message}`,
      );
    throw new ProbeFailure(describeClientError(error));
  }
  if (typeof job?.jobId !== 'string')
    throw new ProbeFailure(`no jobId in the answer: ${JSON.stringify(job)}`);
  context.jobId = job.jobId;
  return job.jobId;
}

const JOB_STORY = ['queued', 'running', 'completed'];
const JOB_FAILURES = new Set(['failed', 'cancelled']);

/** Follows `job/<id>` with the SDK's resumable stream until the job's story is told, or fails. */
async function probeSse(context) {
  if (!context.jobId) throw new ProbeFailure('skipped: run_eval gave no jobId');
  const cockpit = new LukhasMCPCockpit(context.url, context.key);
  const seen = [];
  let timer;
  try {
    return await new Promise((resolve, reject) => {
      const fail = (reason) => reject(new ProbeFailure(reason));
      timer = setTimeout(
        () => fail(`timed out after ${context.timeoutMs / 1000}s (seen: ${seen.join(' → ') || 'nothing'})`),
        context.timeoutMs,
      );
      let opened = false;
      cockpit.on('open', () => {
        opened = true;
      });
      // Refused (401, 403, 400…): the stream stops for good.
      cockpit.on('error', (error) => fail(describeClientError(error)));
      // A first connection that fails is the probe's answer; a later drop resumes with Last-Event-ID.
      cockpit.on('reconnecting', ({ error }) => {
        if (!opened) fail(describeClientError(error));
      });
      cockpit.on('*', (event) => {
        const type = event.type;
        if (JOB_FAILURES.has(type)) return fail(`the job ended ${type} (seen: ${seen.join(' → ')})`);
        if (!JOB_STORY.includes(type)) return;
        if (type !== JOB_STORY[seen.length]) {
          return fail(`"${type}" arrived out of order (seen: ${[...seen, type].join(' → ')})`);
        }
        seen.push(type);
        if (seen.length === JOB_STORY.length) resolve(seen.join(' → '));
      });
      cockpit.subscribe(`job/${context.jobId}`);
    });
  } finally {
    clearTimeout(timer);
    cockpit.close();
  }
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
