import { describe, expect, it } from 'vitest';
import { matchesLogFilter } from './event-log.js';

describe('matchesLogFilter', () => {
  it('passes every line with no filter', () => {
    expect(matchesLogFilter({ type: '', topic: '' }, 'metric', 'canary/canary_1')).toBe(true);
  });

  it('keeps one type, and topics holding the text, any case', () => {
    expect(matchesLogFilter({ type: 'completed', topic: '' }, 'completed', 'job/job_1')).toBe(true);
    expect(matchesLogFilter({ type: 'completed', topic: '' }, 'running', 'job/job_1')).toBe(false);
    expect(matchesLogFilter({ type: '', topic: 'Canary/' }, 'metric', 'canary/canary_1')).toBe(true);
    expect(matchesLogFilter({ type: '', topic: 'canary/' }, 'queued', 'job/job_1')).toBe(false);
    expect(matchesLogFilter({ type: 'metric', topic: ' job_1 ' }, 'metric', 'canary/canary_1')).toBe(false);
  });
});
