/**
 * A canary engine over an in-memory database and the stub monitor, for the engine's tests.
 */
import {
  type CanaryRequest,
  type CockpitEvent,
  createSequentialIdGenerator,
  parseCanaryRequest,
} from '@lukhas/core';
import type { CockpitDatabaseStore } from '@lukhas/persistence';
import { memoryStore, T0, type TestStore } from '@lukhas/persistence/testing';
import { createStubMonitor, type StubMonitor } from '@lukhas/slo-prom';
import { type CanaryEngine, type CanaryEngineOptions, createCanaryEngine } from '../src/canary-engine.ts';
import type { CanaryEngineError } from '../src/canary-engine-error.ts';

/**
 * The engine tests' policy bounds: the default minimum interval (1 s) lowered so real-time tests
 * can run canaries of 100 ms samples, as an operator does with LUKHAS_MIN_INTERVAL_MS.
 */
export const TEST_POLICY_BOUNDS = { minIntervalSeconds: 0.05 } as const;

export { T0 };
export const SECOND = 1000;

/** Everything a test drives and inspects. */
export interface Harness {
  readonly db: TestStore['db'];
  readonly store: CockpitDatabaseStore;
  readonly monitor: StubMonitor;
  readonly engine: CanaryEngine;
  /** Every event the store published, in order. */
  readonly events: CockpitEvent[];
  /** Every background error the engine reported. */
  readonly errors: CanaryEngineError[];
  /** Another engine over the same store (a restart, or a second process). */
  engineAgain(options?: Partial<CanaryEngineOptions>): CanaryEngine;
  close(): Promise<void>;
}

/** A migrated in-memory database, a store, a jitter-free stub monitor and an engine over them. */
export async function harness(options: Partial<CanaryEngineOptions> = {}): Promise<Harness> {
  const events: CockpitEvent[] = [];
  const errors: CanaryEngineError[] = [];
  const { db, store, close } = await memoryStore({ onEvent: (event) => events.push(event) });
  const monitor = createStubMonitor({ jitter: 0 });
  const engines: CanaryEngine[] = [];
  const engineAgain = (overrides: Partial<CanaryEngineOptions> = {}) => {
    const engine = createCanaryEngine({
      store,
      monitor,
      ids: createSequentialIdGenerator(String(engines.length || '')),
      onError: (error) => errors.push(error),
      policyBounds: TEST_POLICY_BOUNDS,
      ...options,
      ...overrides,
    });
    engines.push(engine);
    return engine;
  };
  const engine = engineAgain();
  return {
    db,
    store,
    monitor,
    engine,
    events,
    errors,
    engineAgain,
    async close() {
      for (const each of engines) await each.stop();
      await close();
    },
  };
}

/** `start_canary` arguments parsed as the MCP layer does: 4 samples every 30 s over 120 s by default. */
export function canaryRequest(overrides: Record<string, unknown> = {}): CanaryRequest {
  return parseCanaryRequest(
    {
      modelId: 'lukhas-agi-v3',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 120,
      intervalSeconds: 30,
      minSamples: 3,
      failureLimit: 0,
      targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
      ...overrides,
    },
    { bounds: TEST_POLICY_BOUNDS },
  );
}

/** The events of one canary: `[type, data]`. */
export function eventsOf(events: readonly CockpitEvent[], canaryId: string): CockpitEvent[] {
  return events.filter((event) => event.entityId === canaryId);
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
