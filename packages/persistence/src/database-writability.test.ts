// SQLite only: it classifies SQLite's storage error codes (SQLITE_FULL, SQLITE_IOERR…).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWritabilityMonitor, findStorageError, type Writability } from './database-writability.ts';

function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const FULL = sqliteError('SQLITE_FULL', 'database or disk is full');

describe('findStorageError', () => {
  it('finds a storage failure in the error or its causes, and nothing in statement errors', () => {
    expect(findStorageError(FULL)).toEqual({ code: 'SQLITE_FULL', message: 'database or disk is full' });
    const wrapped = new Error('Could not record', {
      cause: sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'),
    });
    expect(findStorageError(wrapped)).toEqual({ code: 'SQLITE_IOERR_WRITE', message: 'disk I/O error' });
    expect(findStorageError(sqliteError('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed'))).toBeNull();
    expect(findStorageError(sqliteError('SQLITE_BUSY', 'database is locked'))).toBeNull();
    expect(findStorageError('not an error')).toBeNull();
  });
});

describe('createWritabilityMonitor', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns unwritable on a storage failure, probes every retryMs, and says when a write works again', async () => {
    let probeFails = true;
    const monitor = createWritabilityMonitor({
      retryMs: 2_000,
      now: () => now,
      probe: async () => {
        // As the driver does: the probe's own outcome reaches the monitor.
        if (probeFails) monitor.recordFailure(FULL);
        else monitor.recordSuccess();
      },
    });
    const changes: Writability[] = [];
    monitor.onChange((writability) => changes.push(writability));

    monitor.recordFailure(FULL);
    expect(monitor.current()).toEqual({
      writable: false,
      reason: 'database or disk is full (SQLITE_FULL)',
      checkedAt: 1_000,
    });
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(changes.map((change) => change.writable)).toEqual([false]);

    probeFails = false;
    now = 9_000;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(monitor.current()).toEqual({ writable: true, checkedAt: 9_000 });
    expect(changes.map((change) => change.writable)).toEqual([false, true]);
    // Writable again: no more probes in the background.
    expect(vi.getTimerCount()).toBe(0);
    monitor.close();
  });

  it('ignores failures that are not storage failures', () => {
    const monitor = createWritabilityMonitor({ probe: async () => {}, now: () => now });
    monitor.recordFailure(sqliteError('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed'));
    expect(monitor.current().writable).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('probes on refresh only when nothing wrote for idleProbeMs', async () => {
    const probe = vi.fn(async () => monitor.recordSuccess());
    const monitor = createWritabilityMonitor({ probe, idleProbeMs: 60_000, now: () => now });
    now += 59_999;
    await monitor.refresh();
    expect(probe).not.toHaveBeenCalled();
    now += 1;
    expect(await monitor.refresh()).toEqual({ writable: true, checkedAt: now });
    expect(probe).toHaveBeenCalledTimes(1);
    await monitor.refresh();
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('stops retrying once closed', async () => {
    const probe = vi.fn(async () => monitor.recordFailure(FULL));
    const monitor = createWritabilityMonitor({ probe, retryMs: 100, now: () => now });
    monitor.recordFailure(FULL);
    await vi.advanceTimersByTimeAsync(100);
    expect(probe).toHaveBeenCalledTimes(1);
    monitor.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probe).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps telling the other listeners when one throws', () => {
    const monitor = createWritabilityMonitor({ probe: async () => {}, now: () => now });
    const heard: boolean[] = [];
    monitor.onChange(() => {
      throw new Error('listener bug');
    });
    monitor.onChange((writability) => heard.push(writability.writable));
    monitor.recordFailure(FULL);
    monitor.recordSuccess();
    expect(heard).toEqual([false, true]);
    monitor.close();
  });
});
