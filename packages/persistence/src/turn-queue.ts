/**
 * One holder at a time, the others served in the order they asked, each woken alone.
 *
 * Why: Kysely's SQLite driver guards its single connection with a mutex whose every unlock wakes
 * every waiter, and all but one go back to waiting. With thousands of writers and readers queued
 * (ten thousand canaries starting at once), each hand-over cost as many promise wake-ups as there
 * were waiters: in that bench the mutex and its microtasks took about a third of the process's
 * CPU. Here a release wakes exactly the next one.
 */
export class TurnQueue {
  #held = false;
  // Waiters from `#head` on; the array is compacted once the served part is the larger half.
  #waiting: (() => void)[] = [];
  #head = 0;

  /** Resolves when it is the caller's turn; at once (still a promise) when nobody holds it. */
  take(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Ends the current turn: the longest waiter gets it, or nobody holds it. */
  release(): void {
    if (this.#head === this.#waiting.length) {
      this.#held = false;
      return;
    }
    const next = this.#waiting[this.#head] as () => void;
    this.#head += 1;
    if (this.#head * 2 >= this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#head);
      this.#head = 0;
    }
    next();
  }

  /** How many wait for a turn (the holder not counted). */
  get waiting(): number {
    return this.#waiting.length - this.#head;
  }
}
