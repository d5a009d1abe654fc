import type { ServerContext } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { progressReporter } from './progress-reporter.ts';

function contextWith(
  progressToken: string | number | undefined,
  notify: (notification: unknown) => Promise<void>,
) {
  return {
    mcpReq: { _meta: progressToken === undefined ? {} : { progressToken }, notify },
  } as unknown as ServerContext;
}

describe('progressReporter', () => {
  it('sends increasing fractions of 1 with their messages, skipping any that do not increase', async () => {
    const sent: unknown[] = [];
    const progress = progressReporter(
      contextWith('t-1', async (notification) => void sent.push(notification)),
    );
    expect(progress.enabled).toBe(true);
    await progress.report(0, 'queued');
    await progress.report(0.5, 'half');
    await progress.report(0.5, 'still half');
    await progress.report(0.25, 'backwards');
    await progress.report(7, 'over');
    expect(sent).toEqual([
      {
        method: 'notifications/progress',
        params: { progressToken: 't-1', progress: 0, total: 1, message: 'queued' },
      },
      {
        method: 'notifications/progress',
        params: { progressToken: 't-1', progress: 0.5, total: 1, message: 'half' },
      },
      {
        method: 'notifications/progress',
        params: { progressToken: 't-1', progress: 1, total: 1, message: 'over' },
      },
    ]);
  });

  it('sends nothing without a progress token, and survives a client that went away', async () => {
    const sent: unknown[] = [];
    const silent = progressReporter(
      contextWith(undefined, async (notification) => void sent.push(notification)),
    );
    expect(silent.enabled).toBe(false);
    await silent.report(0.5, 'half');
    expect(sent).toEqual([]);
    const gone = progressReporter(contextWith(7, () => Promise.reject(new Error('stream closed'))));
    await expect(gone.report(0.5, 'half')).resolves.toBeUndefined();
  });
});
