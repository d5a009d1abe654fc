/**
 * What the fleet benches share: a cockpit replica process on a PostgreSQL database, an MCP tool
 * call over plain HTTP, and merging a bench's rows into bench/results.json beside the others'.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type RunningServerProcess, startServerProcess } from '@lukhas/test-kit';
import type { BenchResults, BenchRow } from '../../../scripts/bench-results.ts';

/** The API key every bench replica accepts. */
export const BENCH_KEY = 'bench';

const MAIN = path.join(import.meta.dirname, '..', 'src', 'main.ts');

/** `src/main.ts` as replica `replicaId` of the fleet on `url`, with `env` on top. */
export function startReplica(options: {
  readonly url: string;
  readonly replicaId: string;
  readonly repoRoot: string;
  readonly env?: Readonly<Record<string, string>>;
}): Promise<RunningServerProcess> {
  return startServerProcess({
    script: MAIN,
    env: {
      ...process.env,
      PORT: '0',
      LUKHAS_MCP_DB: options.url,
      LUKHAS_MCP_API_KEYS: BENCH_KEY,
      LUKHAS_REPLICA_ID: options.replicaId,
      LUKHAS_REPO_ROOT: options.repoRoot,
      ...options.env,
    },
  });
}

/** Calls tool `name` on `server`; a tool failure throws with its message. */
export async function callTool(
  server: RunningServerProcess,
  name: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${BENCH_KEY}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args } }),
  });
  const body = (await response.json()) as {
    result?: { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };
    error?: unknown;
  };
  if (body.result === undefined) throw new Error(`${name}: HTTP ${response.status} ${JSON.stringify(body)}`);
  if (body.result.isError) throw new Error(`${name}: ${body.result.content[0]?.text}`);
  return body.result.structuredContent ?? {};
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The `share` quantile of `values` (nearest rank), NaN when empty. */
export function quantile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Replaces the rows whose group starts with `groupPrefix` in bench/results.json by `rows` (other
 * benches' rows kept), appends ` + <part>` to the title once, and merges `details`.
 */
export function mergeBenchRows(merge: {
  readonly groupPrefix: string;
  readonly titlePart: string;
  readonly rows: readonly BenchRow[];
  readonly details: Record<string, unknown>;
}): string {
  const resultsFile = path.join(import.meta.dirname, 'results.json');
  const previous: BenchResults | undefined = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults)
    : undefined;
  const kept = (previous?.rows ?? []).filter((row) => !row.group?.startsWith(merge.groupPrefix));
  const title = `${(previous?.title ?? 'server').split(` + ${merge.titlePart}`)[0]} + ${merge.titlePart}`;
  const results: BenchResults = {
    suite: 'server',
    title,
    command: 'pnpm --filter @lukhas/server bench',
    measuredAt: new Date().toISOString(),
    rows: [...kept, ...merge.rows],
    details: { ...((previous?.details as object | undefined) ?? {}), ...merge.details },
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  return resultsFile;
}
