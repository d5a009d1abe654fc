/**
 * Canaries (1,000; 10,000) sampling the stub every second on one process, in real time, over a
 * temp-file database (or an in-memory one, or plain maps that cost nothing): how much CPU it takes
 * and how late each sample is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CockpitEvent, parseCanaryRequest } from '@lukhas/core';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createStubMonitor } from '@lukhas/slo-prom';
import { type CanaryEngineStore, createCanaryEngine } from '../src/index.ts';
import { createMemoryStore } from './memory-store.ts';

/**
 * Where the samples go: a temp-file SQLite database (what a server runs), an in-memory one, or
 * plain maps (`maps`: no database at all, so the figures are the engine's own).
 */
export type BenchStorage = 'file' | 'memory' | 'maps';

const STORAGE_LABELS: Readonly<Record<BenchStorage, string>> = {
  file: 'temp file (WAL, synchronous=NORMAL)',
  memory: 'in memory',
  maps: 'no database (plain maps)',
};

/** The figures measured. */
export interface ConcurrentCanariesResult {
  readonly canaries: number;
  readonly intervalSeconds: number;
  readonly windowSeconds: number;
  readonly database: string;
  /**
   * `burst`: every start asked for in the same tick (all at once); `paced`: asked for evenly over
   * one interval. Either way no start waits for the one before (as many clients starting canaries
   * would not): awaiting each in turn measured one start's latency ten thousand times over, and
   * kept every start in a transaction of its own.
   */
  readonly starts: 'burst' | 'paced';
  /** How long starting them all took. */
  readonly startMs: number;
  readonly wallSeconds: number;
  /** Process CPU time (user + system) over wall time while sampling; 1 = one core busy. */
  readonly cpuShare: number;
  /**
   * Process CPU time per sample stored, µs (starts and decisions included): what the run cost,
   * whatever share of the cores other processes left it.
   */
  readonly cpuMicrosPerSample: number;
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
  /** The monitor's answer → the sample committed, ms: the storage's share of `storeLagMs`. */
  readonly sampledToStoredMs: Percentiles;
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
    storage?: BenchStorage;
    /** Start the canaries evenly over one interval instead of as fast as possible. */
    paced?: boolean;
  } = {},
): Promise<ConcurrentCanariesResult> {
  const {
    canaries = 1000,
    intervalSeconds = 1,
    windowSeconds = 20,
    storage = 'file',
    paced = false,
  } = options;
  const storeLags: number[] = [];
  // Per model, each stored sample in order: when it was committed and the due time it is stored with.
  const stored = new Map<string, { committedAt: number; due: number }[]>();
  let samplesStored = 0;
  const onEvent = (event: CockpitEvent) => {
    if (event.type !== 'metric') return;
    const now = Date.now();
    const due = Date.parse(String(event.data.at));
    samplesStored += 1;
    storeLags.push(now - due);
    const modelId = String(event.data.modelId);
    const ofModel = stored.get(modelId) ?? [];
    stored.set(modelId, ofModel);
    ofModel.push({ committedAt: now, due });
  };
  const opened = await openStorage(storage, onEvent);
  const { store } = opened;
  const monitor = createStubMonitor();
  let errors = 0;
  const engine = createCanaryEngine({ store, monitor, onError: () => (errors += 1) });

  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const starting: Promise<{ canaryId: string }>[] = [];
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
      // A timer waits at least 1 ms: only wait when this start is a whole millisecond ahead, so
      // 10,000 starts still spread over one interval (about ten per millisecond).
      const ahead = wallBefore + (index * intervalSeconds * 1000) / canaries - performance.now();
      if (ahead >= 1) await new Promise((resolve) => setTimeout(resolve, ahead));
    }
    starting.push(engine.start(request, 'bench'));
  }
  const canaryIds = (await Promise.all(starting)).map((canary) => canary.canaryId);
  const startMs = performance.now() - wallBefore;
  const records = await Promise.all(canaryIds.map((canaryId) => engine.whenDecided(canaryId)));
  await engine.idle();
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  const calls = monitor.calls();
  // A canary's samples are stored in the order they were taken, one at a time (its serial queue),
  // so its k-th monitor call is its k-th stored sample. Its due time is the stored one: a canary
  // that fell more than a second behind skips slots, so the call count does not give the slot.
  const storedOf = (call: (typeof calls)[number]) => stored.get(call.modelId)?.[call.sampleIndex];
  const lagOf = (call: (typeof calls)[number]) => call.at - (storedOf(call)?.due ?? Number.NaN);
  const measured = (lags: number[]) => lags.filter((lag) => !Number.isNaN(lag));
  const sampleLags = measured(calls.map(lagOf));
  const steadyLags = measured(
    calls
      .filter(
        (call) => call.sampleIndex > 0 && call.sampleIndex < (stored.get(call.modelId)?.length ?? 0) - 1,
      )
      .map(lagOf),
  );
  const sampledToStored = measured(
    calls.map((call) => (storedOf(call)?.committedAt ?? Number.NaN) - call.at),
  );
  await engine.stop();
  await opened.close();

  return {
    canaries,
    intervalSeconds,
    windowSeconds,
    database: STORAGE_LABELS[storage],
    starts: paced ? 'paced' : 'burst',
    startMs: Math.round(startMs),
    wallSeconds: round(wallSeconds, 2),
    cpuShare: round((cpu.user + cpu.system) / 1e6 / wallSeconds, 3),
    cpuMicrosPerSample: Math.round((cpu.user + cpu.system) / Math.max(1, samplesStored)),
    samplesStored,
    samplesPerSecond: Math.round(samplesStored / wallSeconds),
    sampleLagMs: percentiles(sampleLags),
    steadySampleLagMs: percentiles(steadyLags),
    storeLagMs: percentiles(storeLags),
    sampledToStoredMs: percentiles(sampledToStored),
    decided: {
      promoted: records.filter((record) => record.status === 'promoted').length,
      rolledBack: records.filter((record) => record.status === 'rolled_back').length,
    },
    errors,
  };
}

// The store the engine writes to, and how to put it away.
async function openStorage(
  storage: BenchStorage,
  onEvent: (event: CockpitEvent) => void,
): Promise<{ store: CanaryEngineStore; close(): Promise<void> }> {
  if (storage === 'maps') return { store: createMemoryStore({ onEvent }), close: async () => {} };
  const directory = mkdtempSync(join(tmpdir(), 'canary-bench-'));
  const file = storage === 'memory' ? ':memory:' : join(directory, 'bench.db');
  const db = openDatabase({ file });
  await migrateToLatest(db, { file });
  return {
    store: createCockpitStore(db, { onEvent }),
    async close() {
      await closeDatabase(db);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** p50, p99 and max of `values`, rounded to 0.1; NaN (not measured) for no values. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  return { p50: round(at(0.5), 1), p99: round(at(0.99), 1), max: round(sorted.at(-1) ?? 0, 1) };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
