/**
 * The canaries one engine runs, and the models they hold: a model is claimed by a start before
 * its first await (so two concurrent starts of one model cannot both pass) and freed when its
 * runner ends.
 */
import type { CanaryRunner } from './canary-runner.ts';

/** The runners of one engine, by canary id, and the canary holding each model. */
export interface RunnerRegistry {
  get(canaryId: string): CanaryRunner | undefined;
  has(canaryId: string): boolean;
  /** The canary running `modelId` in this engine, or claimed by a start under way. */
  holderOf(modelId: string): string | undefined;
  /** Claims `modelId` for the canary `canaryId` being started. */
  claim(modelId: string, canaryId: string): void;
  /** Frees a claim whose start failed before a runner ran. */
  release(modelId: string, canaryId: string): void;
  /** Holds `runner` (and its model) until it ends. */
  add(runner: CanaryRunner): void;
  /** Every runner held now. */
  runners(): CanaryRunner[];
  /** How many runners are held. */
  size(): number;
}

/** An empty registry. */
export function createRunnerRegistry(): RunnerRegistry {
  const runners = new Map<string, CanaryRunner>();
  const holders = new Map<string, string>();
  return {
    get: (canaryId) => runners.get(canaryId),
    has: (canaryId) => runners.has(canaryId),
    holderOf: (modelId) => holders.get(modelId),
    claim(modelId, canaryId) {
      holders.set(modelId, canaryId);
    },
    release(modelId, canaryId) {
      if (holders.get(modelId) === canaryId && !runners.has(canaryId)) holders.delete(modelId);
    },
    add(runner) {
      const { canaryId, modelId } = runner.canary;
      runners.set(canaryId, runner);
      holders.set(modelId, canaryId);
      void runner.ended.then(() => {
        runners.delete(canaryId);
        if (holders.get(modelId) === canaryId) holders.delete(modelId);
      });
    },
    runners: () => [...runners.values()],
    size: () => runners.size,
  };
}
