/**
 * Whether the database takes writes, learnt from the real writes themselves: the latest commit
 * says yes, the latest storage failure (disk full, I/O error, read-only file) says no and why.
 *
 * Why not a write per `/health` call: a probe scraped every few seconds writes all day for
 * nothing. Instead `/health` reads this state, a tiny real write (the probe) runs only when
 * nothing has written for a while, and after a failure the probe retries in the background, so
 * the store and whoever listens (the engines) learn by themselves when space is back.
 */
/** Whether writes work, as last seen. */
export interface Writability {
  readonly writable: boolean;
  /** Why not: the storage error, e.g. `database or disk is full (SQLITE_FULL)`. */
  readonly reason?: string;
  /** Epoch ms of the latest write outcome (a commit, a storage failure or a probe). */
  readonly checkedAt: number;
}

/** Options of {@link createWritabilityMonitor}. */
export interface WritabilityMonitorOptions {
  /** A tiny real write; its commit or failure reaches the monitor through the driver. */
  readonly probe: () => Promise<void>;
  /** After a failure, probe again this often until a write works (ms, default 2000). */
  readonly retryMs?: number;
  /** `refresh()` probes when nothing wrote for this long (ms, default 60000). */
  readonly idleProbeMs?: number;
  readonly now?: () => number;
}

/** The state plus the hooks the driver feeds it through. */
export interface WritabilityMonitor {
  current(): Writability;
  /** Called on every change (writable ↔ not), after it happened; returns the unsubscribe function. */
  onChange(listener: (writability: Writability) => void): () => void;
  /** A write transaction committed. */
  recordSuccess(): void;
  /** A statement failed; only storage failures (see {@link findStorageError}) change the state. */
  recordFailure(error: unknown): void;
  /** The state for `/health`: probes first when nothing wrote for `idleProbeMs`. */
  refresh(): Promise<Writability>;
  /** Stops the background retries (the database is closing). */
  close(): void;
}

/** The default of `retryMs`. */
export const WRITABILITY_RETRY_MS = 2000;
/** The default of `idleProbeMs`. */
export const WRITABILITY_IDLE_PROBE_MS = 60_000;

// Errors of the medium, not of the statement: a constraint or a lock held by another process is
// no reason to call the database unwritable.
const STORAGE_ERROR = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM|PROTOCOL|NOMEM)/;

/** A storage failure (disk full, I/O, read-only…) found in `error` or its causes. */
export interface StorageError {
  /** SQLite's code, e.g. `SQLITE_FULL`, `SQLITE_IOERR_WRITE`. */
  readonly code: string;
  /** SQLite's message, e.g. `database or disk is full`. */
  readonly message: string;
}

/** The storage failure in `error` or its causes, else null (a constraint, a busy lock, a bug). */
export function findStorageError(error: unknown): StorageError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && STORAGE_ERROR.test(code)) return { code, message: current.message };
    current = current.cause;
  }
  return null;
}

/**
 * A monitor that starts writable.
 *
 * @example
 * const monitor = createWritabilityMonitor({ probe: () => writeProbeRow(db) });
 * monitor.onChange(({ writable }) => { if (writable) engines.retryStuckWork(); });
 */
export function createWritabilityMonitor(options: WritabilityMonitorOptions): WritabilityMonitor {
  const now = options.now ?? Date.now;
  const retryMs = options.retryMs ?? WRITABILITY_RETRY_MS;
  const idleProbeMs = options.idleProbeMs ?? WRITABILITY_IDLE_PROBE_MS;
  const listeners = new Set<(writability: Writability) => void>();
  let state: Writability = { writable: true, checkedAt: now() };
  let retry: ReturnType<typeof setTimeout> | undefined;
  let probing: Promise<void> | undefined;
  let closed = false;

  function change(next: Writability): void {
    const changed = next.writable !== state.writable;
    state = next;
    if (!changed) return;
    for (const listener of listeners) {
      try {
        listener(next);
      } catch {
        // A listener's failure is its own; the state change stands and the others still hear it.
      }
    }
  }

  function probe(): Promise<void> {
    probing ??= options
      .probe()
      .catch(() => undefined)
      .finally(() => {
        probing = undefined;
      });
    return probing;
  }

  function scheduleRetry(): void {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void probe().then(() => {
        if (!state.writable) scheduleRetry();
      });
    }, retryMs);
    // Retrying must never keep a process alive that has nothing else to do.
    retry.unref?.();
  }

  return {
    current: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recordSuccess() {
      change({ writable: true, checkedAt: now() });
    },
    recordFailure(error) {
      const storage = findStorageError(error);
      if (storage === null) return;
      change({ writable: false, reason: `${storage.message} (${storage.code})`, checkedAt: now() });
      scheduleRetry();
    },
    async refresh() {
      if (state.writable && now() - state.checkedAt >= idleProbeMs) await probe();
      return state;
    },
    close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      retry = undefined;
      listeners.clear();
    },
  };
}
