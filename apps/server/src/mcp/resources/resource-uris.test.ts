import type { CockpitEvent } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { canaryUri, jobUri, narrativeUri, urisChangedBy } from './resource-uris.ts';

function event(
  kind: CockpitEvent['kind'],
  entityId: string,
  data: Record<string, unknown> = {},
): CockpitEvent {
  return {
    id: 1,
    topic: `${kind}/${entityId}`,
    kind,
    entityId,
    type: kind === 'job' ? 'progress' : 'sample',
    ts: '2026-01-01T00:00:00.000Z',
    data,
    narrative: '',
  } as CockpitEvent;
}

describe('resource URIs', () => {
  it('are the templates with the id filled in, escaped', () => {
    expect(jobUri('job_1')).toBe('cockpit://jobs/job_1');
    expect(canaryUri('canary_2')).toBe('cockpit://canaries/canary_2');
    expect(narrativeUri('org/model v2')).toBe('cockpit://narrative/org%2Fmodel%20v2');
  });

  it('a job event changes the job and its narrative', () => {
    expect(urisChangedBy(event('job', 'job_1'))).toEqual([
      'cockpit://jobs/job_1',
      'cockpit://narrative/job_1',
    ]);
  });

  it("a canary event changes the canary, its narrative and its model's narrative", () => {
    expect(urisChangedBy(event('canary', 'canary_2', { modelId: 'm' }))).toEqual([
      'cockpit://canaries/canary_2',
      'cockpit://narrative/canary_2',
      'cockpit://narrative/m',
    ]);
    expect(urisChangedBy(event('canary', 'canary_2'))).toEqual([
      'cockpit://canaries/canary_2',
      'cockpit://narrative/canary_2',
    ]);
  });
});
