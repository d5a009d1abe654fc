/**
 * Group commit: writes submitted while the write queue is busy (or in the same tick) are handed to
 * ONE batch, which the caller commits in one transaction; each submitter still gets its own result
 * or error. Why: a commit costs far more than the few rows of a transition (a WAL frame sync on
 * SQLite, a round trip and a WAL flush on PostgreSQL), so sharing it is what lets many concurrent
 * writers go fast, while a lone writer waits no longer than before (its batch starts at once).
 */
import type { WriteQueue } from './write-queue.ts';

/** Largest batch: bounds how long one transaction (and the write queue) is held, and its memory. */
export const GROUP_COMMIT_MAX_BATCH = 256;

/**
 * How many promise hops a batch that follows a crowd waits for the rest of the crowd: the writes
 * of one timer turn reach the store this far apart at most (a sample goes through the SLO read,
 * its limiter and the engine's steps), and a hop costs next to nothing.
 */
export const GROUP_COMMIT_GATHER_HOPS = 64;

/** What became of one submitted input. */
export type Settled<Result> =
  | { readonly ok: true; readonly value: Result }
  | { readonly ok: false; readonly error: unknown };

/** Submits inputs to be committed together with whatever else is waiting. */
export interface GroupCommit<Input, Result> {
  submit(input: Input): Promise<Result>;
}

interface Waiting<Input, Result> {
  readonly input: Input;
  readonly resolve: (value: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Batches inputs in submission order, at most `maxBatch` at a time, and runs `commitBatch` for
 * each batch through `queue` (so batches, and every other write on the queue, run one at a time).
 * `commitBatch` returns one outcome per input, in order; the submitters' promises settle in that
 * order after it returned, that is after its COMMIT.
 *
 * When a batch starts is adaptive (see `queueFlush`): at once for a lone writer, a few promise
 * hops later when writers come in crowds.
 */
export function createGroupCommit<Input, Result>(
  queue: WriteQueue,
  commitBatch: (inputs: readonly Input[]) => Promise<readonly Settled<Result>[]>,
  maxBatch: number = GROUP_COMMIT_MAX_BATCH,
): GroupCommit<Input, Result> {
  const waiting: Waiting<Input, Result>[] = [];
  let flushQueued = false;
  // A batch is in `commitBatch` now: what arrives meanwhile waits for it anyway.
  let committing = false;
  // How many inputs the last batch held: a crowd (more than one) is likely to go on arriving.
  let lastBatchSize = 0;

  /**
   * Queues the next batch. At once while a batch commits (what arrives meanwhile gathers behind
   * it) or after a lone batch (a writer awaiting each write, one at a time, must not wait). But
   * when the queue went idle right after a batch of several, the next submitter is most likely the
   * first of another crowd (ten thousand canaries' samples fall due a timer turn at a time, each
   * reaching the store a few promise hops after the last): started at once, its batch would commit
   * alone and the crowd would queue behind that COMMIT. So it waits
   * {@link GROUP_COMMIT_GATHER_HOPS} promise hops, and one COMMIT serves the crowd. Why hops and
   * not `setImmediate`: a commit that needs a turn of the event loop would not happen while a test
   * steps fake timers, and a crowd of one timer turn arrives within microtasks anyway.
   */
  function queueFlush(): void {
    flushQueued = true;
    if (committing || lastBatchSize <= 1) enqueueFlush();
    else void afterHops(GROUP_COMMIT_GATHER_HOPS).then(enqueueFlush);
  }

  function enqueueFlush(): void {
    // A failing flush already settled its submitters; the queue must not see it as an error.
    void queue.run(flush);
  }

  async function flush(): Promise<void> {
    flushQueued = false;
    const batch = waiting.splice(0, maxBatch);
    lastBatchSize = batch.length;
    committing = true;
    // What did not fit goes first in the next batch, behind whatever the queue holds already.
    if (waiting.length > 0) queueFlush();
    let outcomes: readonly Settled<Result>[];
    try {
      outcomes = await commitBatch(batch.map((entry) => entry.input));
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    } finally {
      committing = false;
    }
    batch.forEach((entry, index) => {
      const outcome = outcomes[index] ?? { ok: false, error: new Error('the batch returned no outcome') };
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  }

  return {
    submit(input) {
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ input, resolve, reject });
        if (!flushQueued) queueFlush();
      });
    },
  };
}

/** Resolves `hops` promise hops from now, still within the current macrotask. */
async function afterHops(hops: number): Promise<void> {
  for (let hop = 0; hop < hops; hop += 1) await undefined;
}
