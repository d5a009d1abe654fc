/**
 * What both forms of `cockpit replay` (one policy, or N side by side) read: the policy files, and
 * the source of the samples (Prometheus range data with PROM_URL, else the database).
 */
import { readFile } from 'node:fs/promises';
import { isDomainError } from '@lukhas/core';
import {
  describeRecordedDays,
  isReplayError,
  type NamedPolicy,
  parseNamedPolicies,
  prometheusReplaySource,
  type RecordedDays,
  type ReplaySource,
  storeReplaySource,
} from '@lukhas/replay';
import { createPrometheusMonitor, isSloPromError, parsePrometheusSettings } from '@lukhas/slo-prom';
import { failure } from '../cli-error.ts';
import type { CliIo } from '../command.ts';
import { openStore } from '../open-store.ts';

/** Where to read samples from. */
export interface SourceOptions {
  readonly db: string | undefined;
  /** The gate queried with PROM_URL. */
  readonly gate: string;
  /** The baseline gate queried with PROM_URL for a policy with `compare` and no `baseline.gate`. */
  readonly baselineGate: string | undefined;
}

/**
 * Runs `replay` over the source the environment picks, mapping the replay's own errors to CLI
 * failures that say what to fix; the database is closed afterwards.
 */
export async function withReplaySource<T>(
  io: CliIo,
  options: SourceOptions,
  replay: (source: ReplaySource) => Promise<T>,
): Promise<T> {
  let prometheus: ReturnType<typeof parsePrometheusSettings>;
  try {
    prometheus = parsePrometheusSettings(io.env);
  } catch (error) {
    if (isSloPromError(error)) throw failure(`${error.message}: fix PROM_URL or unset it`, error);
    throw error;
  }
  // Through an async wrapper, so a callback that throws before its first await is mapped too.
  const run = (source: ReplaySource) =>
    (async () => replay(source))().catch((error: unknown) => {
      if (isReplayError(error, 'INVALID_WINDOW'))
        throw failure(`${error.message} (--from/--to: ISO-8601 times)`, error);
      if (isReplayError(error)) throw failure(error.message, error);
      if (isDomainError(error)) throw failure(`the policy is not usable: ${error.message}`, error);
      if (isSloPromError(error)) {
        throw failure(
          `Prometheus range query failed: ${error.message}; check PROM_URL or unset it to replay stored samples`,
          error,
        );
      }
      throw error;
    });
  if (prometheus !== undefined) {
    const monitor = createPrometheusMonitor(prometheus);
    return run(
      prometheusReplaySource({
        monitor,
        gate: options.gate,
        ...(options.baselineGate === undefined ? {} : { baselineGate: options.baselineGate }),
      }),
    );
  }
  const opened = await openStore(options.db, io);
  try {
    return await run(storeReplaySource(opened.store));
  } finally {
    await opened.close();
  }
}

/**
 * Checks every policy before any database or Prometheus is touched: a bad one fails naming its
 * file and the field (`the policy is not usable: slo-x.json: invalid SLO policy: failureLimit: …`).
 */
export function checkPolicies(policies: readonly NamedPolicy[]): void {
  try {
    parseNamedPolicies(policies);
  } catch (error) {
    if (isDomainError(error)) throw failure(`the policy is not usable: ${error.message}`, error);
    if (isReplayError(error)) throw failure(error.message, error);
    throw error;
  }
}

/** The parsed JSON of a policy file; a missing, unreadable or non-JSON file fails naming it. */
export async function readPolicy(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw failure(
      `cannot read the policy file ${file}: ${(error as Error).message}; pass --policy configs/slo-prod.json`,
      error,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw failure(`the policy file ${file} is not JSON: ${(error as Error).message}`, error);
  }
}

/** Where the model's canaries are recorded, asked only when the window held none. */
export async function recordedIfEmpty(
  source: ReplaySource,
  canaries: number,
  modelId: string,
): Promise<RecordedDays | undefined> {
  return canaries === 0 ? await source.recordedDays?.(modelId) : undefined;
}

/** The line of an empty window: nothing in it, and where the data is when the source knows. */
export function emptyWindowLine(
  modelId: string,
  window: { readonly from: string; readonly to: string },
  recorded: RecordedDays | undefined,
): string {
  const empty = `no canary of ${modelId} has samples in ${window.from} … ${window.to}`;
  return recorded === undefined ? empty : `${empty}; ${describeRecordedDays(recorded)}`;
}
