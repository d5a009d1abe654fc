/**
 * One timer for every step an engine schedules: the calls wait in a min-heap ordered by due time,
 * and a single platform timer is armed for the earliest. Ten thousand canaries sampling every
 * second cost one timer, not ten thousand; adding or cancelling a call is O(log n).
 */
import type { Clock, TimerHandle, Timers } from '@lukhas/core';

/** Calls callbacks at given instants of the clock, over one timer. */
export interface Scheduler {
  /**
   * Calls `callback` once the clock reaches `at` (epoch ms), however far away: at once (on the
   * next timer turn) for an instant already past. Returns a function that cancels the call.
   */
  at(at: number, callback: () => void): () => void;
  /** How many calls are waiting. */
  size(): number;
}

// Larger delays overflow the platform's 32-bit timer and would fire at once.
const MAX_DELAY_MS = 2_147_483_647;
// Calls run per timer turn: ten thousand canaries a second fall due about ten per millisecond, so
// only a late turn (a stall, a burst of starts) has more, and takes them a turn at a time.
const CALLS_PER_TURN = 64;

interface Entry {
  readonly at: number;
  /** Calls due at the same instant run in the order they were scheduled. */
  readonly order: number;
  readonly callback: () => void;
  /** Where the entry is in the heap; -1 once it ran or was cancelled. */
  index: number;
}

/**
 * A scheduler over `timers`, reading the time from `clock`.
 *
 * @example
 * const scheduler = createScheduler(systemTimers, { now: () => Date.now() });
 * const cancel = scheduler.at(Date.now() + 1000, () => takeSample());
 */
export function createScheduler(timers: Timers, clock: Clock): Scheduler {
  const heap: Entry[] = [];
  let order = 0;
  let handle: TimerHandle | undefined;
  // The instant the armed timer was set for (undefined when it only bridges a delay beyond 32 bits).
  let armedFor: number | undefined;
  let armed = false;

  function arm(): void {
    const first = heap[0];
    if (armed && first !== undefined && first.at === armedFor) return;
    if (armed) timers.clearTimeout(handle);
    armed = false;
    if (first === undefined) return;
    const delay = Math.max(0, first.at - clock.now());
    armedFor = delay > MAX_DELAY_MS ? undefined : first.at;
    armed = true;
    handle = timers.setTimeout(fire, Math.min(delay, MAX_DELAY_MS));
  }

  // The timer fired: what is due by then runs (the instant it was armed for counts as reached,
  // whatever the clock says, as with a timer per call), in due order, at most a turn's worth at a
  // time. Between turns the work each call started (a sample: read, store, decide) runs to its end,
  // as it did between the callbacks of separate timers: a late turn that started ten thousand
  // samples at once would hold them all in memory together. Calls scheduled meanwhile wait for the
  // next turn, so a callback that schedules at once cannot starve the event loop.
  function fire(): void {
    armed = false;
    const reached = Math.max(armedFor ?? Number.NEGATIVE_INFINITY, clock.now());
    const due: Entry[] = [];
    for (let first = heap[0]; first !== undefined && first.at <= reached; first = heap[0]) {
      if (due.length === CALLS_PER_TURN) break;
      due.push(first);
      remove(first);
    }
    for (const entry of due) runGuarded(entry.callback);
    if (due.length === CALLS_PER_TURN && heap[0] !== undefined && heap[0].at <= reached) {
      // More was due: the next turn takes it, once the work started by this one has run.
      armed = true;
      armedFor = reached;
      handle = timers.setTimeout(fire, 0);
      return;
    }
    arm();
  }

  function remove(entry: Entry): void {
    const index = entry.index;
    if (index < 0) return;
    entry.index = -1;
    const last = heap.pop() as Entry;
    if (last === entry) return;
    last.index = index;
    heap[index] = last;
    siftUp(last);
    siftDown(last);
  }

  function siftUp(entry: Entry): void {
    let index = entry.index;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as Entry;
      if (!before(entry, parent)) break;
      heap[index] = parent;
      parent.index = index;
      index = parentIndex;
    }
    heap[index] = entry;
    entry.index = index;
  }

  function siftDown(entry: Entry): void {
    let index = entry.index;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      const smaller = heap[child] as Entry;
      if (!before(smaller, entry)) break;
      heap[index] = smaller;
      smaller.index = index;
      index = child;
    }
    heap[index] = entry;
    entry.index = index;
  }

  return {
    at(at, callback) {
      const entry: Entry = { at, order: order++, callback, index: heap.length };
      heap.push(entry);
      siftUp(entry);
      if (heap[0] === entry) arm();
      return () => {
        if (entry.index < 0) return;
        const wasFirst = heap[0] === entry;
        remove(entry);
        if (wasFirst) arm();
      };
    },
    size: () => heap.length,
  };
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

// One callback that throws must not keep the others due with it from running: its error is
// rethrown on its own, as an uncaught error of its own timer would have been.
function runGuarded(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
