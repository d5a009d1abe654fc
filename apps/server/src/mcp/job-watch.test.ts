import type { CockpitEvent } from '@lukhas/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchJobEvents } from './job-watch.ts';

function jobEvent(
  entityId: string,
  type: CockpitEvent['type'],
  data: Record<string, unknown> = {},
): CockpitEvent {
  return { id: 1, topic: `job/${entityId}`, kind: 'job', entityId, type, ts: '', data, narrative: '' };
}

function fakeBus() {
  const listeners = new Set<(event: CockpitEvent) => void>();
  return {
    onEvent(listener: (event: CockpitEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish: (event: CockpitEvent) => {
      for (const listener of listeners) listener(event);
    },
    get listeners() {
      return listeners.size;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('watchJobEvents', () => {
  it('keeps the events published before the job is named, then delivers the live ones', async () => {
    const bus = fakeBus();
    const watch = watchJobEvents(bus.onEvent);
    bus.publish(jobEvent('job_1', 'queued'));
    bus.publish(jobEvent('job_2', 'running'));
    bus.publish(jobEvent('job_1', 'running'));
    const seen: string[] = [];
    const outcome = watch.waitForEnd('job_1', {
      maxWaitMs: 60_000,
      signal: new AbortController().signal,
      onEvent: (event) => seen.push(`${event.entityId}:${event.type}`),
    });
    bus.publish(jobEvent('job_1', 'progress', { progress: 0.5 }));
    bus.publish(jobEvent('job_1', 'completed'));
    expect(await outcome).toBe('ended');
    expect(seen).toEqual(['job_1:queued', 'job_1:running', 'job_1:progress']);
    watch.stop();
    expect(bus.listeners).toBe(0);
  });

  it('ends at once when the job ended before the wait began', async () => {
    const bus = fakeBus();
    const watch = watchJobEvents(bus.onEvent);
    bus.publish(jobEvent('job_1', 'failed'));
    await expect(
      watch.waitForEnd('job_1', {
        maxWaitMs: 60_000,
        signal: new AbortController().signal,
        onEvent: () => {},
      }),
    ).resolves.toBe('ended');
  });

  it('gives up after maxWaitMs, and when the caller goes away', async () => {
    vi.useFakeTimers();
    const bus = fakeBus();
    const timedOut = watchJobEvents(bus.onEvent).waitForEnd('job_1', {
      maxWaitMs: 5_000,
      signal: new AbortController().signal,
      onEvent: () => {},
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await timedOut).toBe('timed_out');

    const controller = new AbortController();
    const aborted = watchJobEvents(bus.onEvent).waitForEnd('job_1', {
      maxWaitMs: 5_000,
      signal: controller.signal,
      onEvent: () => {},
    });
    controller.abort();
    expect(await aborted).toBe('aborted');
  });
});
