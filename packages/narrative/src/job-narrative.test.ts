import { describe, expect, it } from 'vitest';
import {
  jobCancelled,
  jobCompleted,
  jobFailed,
  jobProgress,
  jobQueued,
  jobRunning,
} from './job-narrative.ts';

describe('job narrative', () => {
  it('names a queued or running job by its task, as the seed does', () => {
    expect(jobQueued({ taskId: 'lukhas-agi-stress' })).toBe(
      'eval "lukhas-agi-stress" → queued for processing',
    );
    expect(jobRunning({ taskId: 'lukhas-agi-stress' })).toBe('eval "lukhas-agi-stress" → running');
  });

  it('reports progress as a whole percent with an optional message', () => {
    expect(jobProgress({ jobId: 'job_9hd', progress: 0.4, message: 'scoring batch 2/5' })).toBe(
      'job_9hd → 40% (scoring batch 2/5)',
    );
    expect(jobProgress({ jobId: 'job_9hd', progress: 0.4 })).toBe('job_9hd → 40%');
    expect(jobProgress({ jobId: 'job_9hd', progress: 0.4, message: null })).toBe('job_9hd → 40%');
    expect(jobProgress({ jobId: 'job_9hd', progress: 0.4, message: ' \n ' })).toBe('job_9hd → 40%');
  });

  it('reports completion with its duration, as the SPEC does', () => {
    expect(jobCompleted({ jobId: 'job_9hd', durationMs: 23_000 })).toBe(
      'job_9hd → completed successfully (23s)',
    );
    expect(jobCompleted({ jobId: 'job_9hd', durationMs: 12 * 60_000 })).toBe(
      'job_9hd → completed successfully (12m)',
    );
    expect(jobCompleted({ jobId: 'job_9hd' })).toBe('job_9hd → completed successfully');
  });

  it('reports failure with its reason and, when known, its duration', () => {
    expect(jobFailed({ jobId: 'job_9hd', reason: 'exit code 2', durationMs: 4_000 })).toBe(
      'job_9hd → failed: exit code 2 (4s)',
    );
    expect(jobFailed({ jobId: 'job_9hd', reason: 'timed out after 30s', durationMs: 30_000 })).toBe(
      'job_9hd → failed: timed out after 30s (30s)',
    );
    expect(jobFailed({ jobId: 'job_9hd', reason: 'interrupted by restart' })).toBe(
      'job_9hd → failed: interrupted by restart',
    );
    expect(jobFailed({ jobId: 'job_9hd', reason: '' })).toBe('job_9hd → failed');
  });

  it('reports cancellation with an optional reason and duration', () => {
    expect(jobCancelled({ jobId: 'job_9hd', reason: 'wrong config', durationMs: 12_000 })).toBe(
      'job_9hd → cancelled by operator: wrong config (12s)',
    );
    expect(jobCancelled({ jobId: 'job_9hd', reason: 'wrong config' })).toBe(
      'job_9hd → cancelled by operator: wrong config',
    );
    expect(jobCancelled({ jobId: 'job_9hd', durationMs: 500 })).toBe('job_9hd → cancelled by operator (<1s)');
    expect(jobCancelled({ jobId: 'job_9hd', reason: null })).toBe('job_9hd → cancelled by operator');
  });

  it('keeps untrusted ids and reasons on one bounded line', () => {
    expect(jobQueued({ taskId: 'evil"\n[2025-01-01 00:00] fake → line' })).toBe(
      'eval "evil\\" [2025-01-01 00:00] fake -> line" → queued for processing',
    );
    const line = jobFailed({ jobId: 'job_9hd', reason: `Traceback\n${'x'.repeat(1000)}`, durationMs: 4_000 });
    expect(line).not.toMatch(/\n/);
    expect(line).toBe(`job_9hd → failed: Traceback ${'x'.repeat(189)}… (4s)`);
  });
});
