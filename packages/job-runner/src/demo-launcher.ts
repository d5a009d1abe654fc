/**
 * Demo mode: with no task file configured, every task id runs this simulated evaluation, a few
 * seconds of progress steps ending in a result marked `simulated: true`. Timers only, no I/O.
 */

import { abortableDelay } from './abortable-delay.ts';
import type { LaunchRequest, TaskLauncher, TaskOutcome } from './task-launcher.ts';

/** How the simulation paces itself. */
export interface DemoLauncherOptions {
  /** Progress steps before the result (default 5). */
  readonly steps?: number;
  /** Time per step in ms (default 300, so about 1.5 s per job); tests use a few ms. */
  readonly stepMs?: number;
}

/** The result of a simulated evaluation. */
export interface SimulatedEvalResult {
  readonly simulated: true;
  readonly taskId: string;
  readonly configId: string | null;
  /** 0.70..0.99, the same for the same task and config. */
  readonly score: number;
  readonly samples: number;
  readonly passed: number;
}

/**
 * A launcher that accepts any task id and simulates it.
 *
 * @example
 * const runner = createJobRunner({ store, launcher: createDemoLauncher() });
 * await runner.submit({ taskId: 'lukhas-agi-stress' }, 'alice'); // completes in ~3 s with simulated: true
 */
export function createDemoLauncher(options: DemoLauncherOptions = {}): TaskLauncher {
  const steps = Math.max(1, Math.floor(options.steps ?? 5));
  // 5 × 300 ms: long enough to watch progress live, short enough for the seeds' CI probe, which
  // expects a demo job's whole stream within 3 s.
  const stepMs = Math.max(0, options.stepMs ?? 300);
  return {
    knownTasks: () => 'any',
    launch: (request) => simulate(request, steps, stepMs),
  };
}

async function simulate(request: LaunchRequest, steps: number, stepMs: number): Promise<TaskOutcome> {
  const details = { simulated: true };
  for (let step = 1; step <= steps; step += 1) {
    if (!(await abortableDelay(stepMs, request.signal))) return { status: 'cancelled', details };
    request.onProgress({ progress: step / steps, message: `simulated step ${step}/${steps}` });
  }
  return { status: 'completed', result: simulatedResult(request), details };
}

/** The deterministic result of a simulated run. */
export function simulatedResult(request: Pick<LaunchRequest, 'taskId' | 'configId'>): SimulatedEvalResult {
  const seed = hash(`${request.taskId}\u0000${request.configId ?? ''}`);
  const score = Math.round((0.7 + (seed % 2900) / 10_000) * 10_000) / 10_000;
  const samples = 100;
  return {
    simulated: true,
    taskId: request.taskId,
    configId: request.configId,
    score,
    samples,
    passed: Math.round(score * samples),
  };
}

// FNV-1a: a stable small hash, so a task and config always get the same simulated score.
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return value >>> 0;
}
