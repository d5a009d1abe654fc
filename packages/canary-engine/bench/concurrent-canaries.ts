/**
 * 1,000 canaries sampling the stub every second on one process, in real time, over a temp-file
 * database: how much CPU it takes and how late each sample is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCanaryRequest } from '@lukhas/core';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createStubMonitor } from '@lukhas/slo-prom';
import { createCanaryEngine } from '../src/index.ts';

/** The figures measured. */
export interface ConcurrentCanariesResult {
  readonly canaries: number;
  readonly intervalSeconds: number;
  readonly windowSeconds: number;
  readonly database: string;
  /** `burst`: started one after another as fast as possible; `paced`: evenly over one interval. */
  readonly starts: 'burst' | 'paced';
  /** How long starting them all took. */
  readonly startMs: number;
  readonly wallSeconds: number;
  /** Process CPU time (user + system) over wall time while sampling; 1 = one core busy. */
  readonly cpuShare: number;
  readonly samplesStored: number;
  readonly samplesPerSecond: number;
  /** Due time → the monitor being asked, ms, over every sample. */
  readonly sampleLagMs: Percentiles;
  /**
   * The same without each canary's first and last sample: the first round follows the burst of
   * starts, and the last shares its second with every canary's decision (all of them started
   * within `startMs` of each other, so they all decide within that much time too).
   */
  readonly steadySampleLagMs: Percentiles;
  /** Due time → the sample committed, ms. */
  readonly storeLagMs: Percentiles;
  readonly decided: { readonly promoted: number; readonly rolledBack: number };
  readonly errors: number;
}

/** p50, p99 and the maximum. */
export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Runs `canaries` canaries of `windowSeconds` sampling every `intervalSeconds`, all at once. */
export async function benchConcurrentCanaries(
  options: {
    canaries?: number;
    intervalSeconds?: number;
    windowSeconds?: number;
    inMemory?: boolean;
    /** Start the canaries evenly over one interval instead of as fast as possible. */
    paced?: boolean;
  } = {},
): Promise<ConcurrentCanariesResult> {
  const {
    canaries = 1000,
    intervalSeconds = 1,
    windowSeconds = 20,
    inMemory = false,
    paced = false,
  } = options;
  const directory = mkdtempSync(join(tmpdir(), 'canary-bench-'));
  const file = inMemory ? ':memory:' : join(directory, 'bench.db');
  const db = openDatabase({ file });
  await migrateToLatest(db, { file });
  const storeLags: number[] = [];
  let samplesStored = 0;
  const store = createCockpitStore(db, {
    onEvent: (event) => {
      if (event.type !== 'metric') return;
      samplesStored += 1;
      storeLags.push(Date.now() - Date.parse(String(event.data.at)));
    },
  });
  const monitor = createStubMonitor();
  let errors = 0;
  const engine = createCanaryEngine({ store, monitor, onError: () => (errors += 1) });

  const startedAt = new Map<string, number>();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const canaryIds: string[] = [];
  for (let index = 0; index < canaries; index += 1) {
    const request = parseCanaryRequest({
      modelId: `bench-model-${index}`,
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds,
      intervalSeconds,
      targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
    });
    if (paced) {
      const startAt = wallBefore + (index * intervalSeconds * 1000) / canaries;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - performance.now())));
    }
    const canary = await engine.start(request, 'bench');
    startedAt.set(canary.modelId, Date.parse(canary.startedAt));
    canaryIds.push(canary.canaryId);
  }
  const startMs = performance.now() - wallBefore;
  const records = await Promise.all(canaryIds.map((canaryId) => engine.whenDecided(canaryId)));
  await engine.idle();
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  const calls = monitor.calls();
  const lagOf = (call: (typeof calls)[number]) =>
    call.at - ((startedAt.get(call.modelId) ?? Number.NaN) + (call.sampleIndex + 1) * intervalSeconds * 1000);
  const lastIndex = Math.floor(windowSeconds / intervalSeconds) - 1;
  const sampleLags = calls.map(lagOf);
  const steadyLags = calls.filter((call) => call.sampleIndex > 0 && call.sampleIndex < lastIndex).map(lagOf);
  await engine.stop();
  await closeDatabase(db);
  rmSync(directory, { recursive: true, force: true });

  return {
    canaries,
    intervalSeconds,
    windowSeconds,
    database: inMemory ? 'in memory' : 'temp file (WAL, synchronous=NORMAL)',
    starts: paced ? 'paced' : 'burst',
    startMs: Math.round(startMs),
    wallSeconds: round(wallSeconds, 2),
    cpuShare: round((cpu.user + cpu.system) / 1e6 / wallSeconds, 3),
    samplesStored,
    samplesPerSecond: Math.round(samplesStored / wallSeconds),
    sampleLagMs: percentiles(sampleLags),
    steadySampleLagMs: percentiles(steadyLags),
    storeLagMs: percentiles(storeLags),
    decided: {
      promoted: records.filter((record) => record.status === 'promoted').length,
      rolledBack: records.filter((record) => record.status === 'rolled_back').length,
    },
    errors,
  };
}

/** p50, p99 and max of `values`, rounded to 0.1. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  return { p50: round(at(0.5), 1), p99: round(at(0.99), 1), max: round(sorted.at(-1) ?? 0, 1) };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
