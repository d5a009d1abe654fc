import { describe, expect, it } from 'vitest';
import { jobCompleted } from './job-narrative.ts';
import { formatNarrativeLine, formatUtcMinute, narrativeLineAt } from './narrative-line.ts';

describe('formatNarrativeLine', () => {
  it('prefixes a message with its UTC minute, as the SPEC example', () => {
    const at = Date.UTC(2025, 9, 3, 14, 21, 59, 999);
    expect(formatUtcMinute(at)).toBe('2025-10-03 14:21');
    expect(formatNarrativeLine(at, jobCompleted({ jobId: 'job_9hd', durationMs: 23_000 }))).toBe(
      '[2025-10-03 14:21] job_9hd → completed successfully (23s)',
    );
  });

  it('writes the same line from a minute already written out', () => {
    const at = Date.UTC(2025, 9, 3, 14, 21);
    expect(narrativeLineAt('2025-10-03 14:21', 'job_9hd → completed')).toBe(
      formatNarrativeLine(at, 'job_9hd → completed'),
    );
  });
});
