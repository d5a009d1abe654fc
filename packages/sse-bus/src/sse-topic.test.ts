import { describe, expect, it } from 'vitest';
import { cockpitEvent } from '../test/sse-test-kit.ts';
import { isSseBusError } from './sse-bus-error.ts';
import {
  eventNameFor,
  MAX_TOPICS,
  parseTopics,
  type SseTopic,
  safeParseTopics,
  selectionFor,
  topicMatches,
} from './sse-topic.ts';

const jobEvent = cockpitEvent(1, 'job/job_9hd', 'running');
const otherJobEvent = cockpitEvent(2, 'job/job_other', 'progress');
const canaryEvent = cockpitEvent(3, 'canary/canary_7f', 'promoted');

function topic(name: string): SseTopic {
  const [parsed] = parseTopics([name]);
  if (parsed === undefined) throw new Error('no topic');
  return parsed;
}

describe('parseTopics', () => {
  it('accepts every SPEC form', () => {
    expect(
      parseTopics(['job/job_9hd', 'canary/canary_7f', 'jobs', 'canaries', 'job/*', 'canary/*', '*']),
    ).toEqual([
      { form: 'entity', name: 'job/job_9hd', kind: 'job', entityId: 'job_9hd' },
      { form: 'entity', name: 'canary/canary_7f', kind: 'canary', entityId: 'canary_7f' },
      { form: 'collection', name: 'jobs', kind: 'job' },
      { form: 'collection', name: 'canaries', kind: 'canary' },
      { form: 'kind-wildcard', name: 'job/*', kind: 'job' },
      { form: 'kind-wildcard', name: 'canary/*', kind: 'canary' },
      { form: 'all', name: '*' },
    ]);
  });

  it('drops duplicates', () => {
    expect(parseTopics(['jobs', 'jobs', 'job/a', 'job/a']).map((parsed) => parsed.name)).toEqual([
      'jobs',
      'job/a',
    ]);
  });

  it.each([
    ['', 'INVALID_TOPIC'],
    ['job', 'INVALID_TOPIC'],
    ['jobx', 'INVALID_TOPIC'],
    ['job/', 'INVALID_TOPIC'],
    ['model/m1', 'INVALID_TOPIC'],
    ['job/a/b', 'INVALID_TOPIC'],
    ['job/ space', 'INVALID_TOPIC'],
    ['job/a\nevent: forged', 'INVALID_TOPIC'],
    ['JOBS', 'INVALID_TOPIC'],
    ['**', 'INVALID_TOPIC'],
    [`job/${'x'.repeat(129)}`, 'INVALID_TOPIC'],
  ])('refuses %j with %s, naming the accepted forms', (value, code) => {
    const result = safeParseTopics([value]);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain('job/<id>, canary/<id>, jobs, canaries, job/*, canary/*, *');
  });

  it('accepts a 128-character id and the id characters of the core generators', () => {
    expect(topic(`job/${'x'.repeat(128)}`).form).toBe('entity');
    expect(topic('job/job_000001').form).toBe('entity');
    expect(topic('canary/canary_7fh2m9qz0c4d').form).toBe('entity');
  });

  it('refuses no topic and too many topics', () => {
    expect(() => parseTopics([])).toThrow(expect.objectContaining({ code: 'MISSING_TOPIC' }));
    const many = Array.from({ length: MAX_TOPICS + 1 }, (_, index) => `job/j${index}`);
    expect(() => parseTopics(many)).toThrow(expect.objectContaining({ code: 'TOO_MANY_TOPICS' }));
    expect(parseTopics(many.slice(0, MAX_TOPICS))).toHaveLength(MAX_TOPICS);
  });

  it('throws an SseBusError', () => {
    try {
      parseTopics(['nope']);
      expect.unreachable();
    } catch (error) {
      expect(isSseBusError(error, 'INVALID_TOPIC')).toBe(true);
    }
  });
});

describe('file topics', () => {
  const fileEvent = {
    ...cockpitEvent(4, 'job/x', 'running'),
    kind: 'file' as const,
    topic: 'file/configs/slo-prod.json',
    type: 'patched' as const,
  };

  it('accepts file/<path>, files and file/*', () => {
    expect(parseTopics(['file/configs/slo-prod.json', 'files', 'file/*'])).toEqual([
      { form: 'entity', name: 'file/configs/slo-prod.json', kind: 'file', entityId: 'configs/slo-prod.json' },
      { form: 'collection', name: 'files', kind: 'file' },
      { form: 'kind-wildcard', name: 'file/*', kind: 'file' },
    ]);
    expect(topic('file/prompts/Triage Notes (v2).md').form).toBe('entity');
  });

  it.each([
    'file/',
    'file//etc/passwd',
    'file/a/../b',
    'file/./a',
    'file/a/',
    'file/a\\b',
    'file/a\nevent: forged',
    `file/${'x'.repeat(1025)}`,
  ])('refuses %j', (value) => {
    const result = safeParseTopics([value]);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.message).toContain('file/<path>, files, file/*');
  });

  it('carries file events on their path, files (named `file`), file/* and *', () => {
    expect(eventNameFor(parseTopics(['file/configs/slo-prod.json']), fileEvent)).toBe('patched');
    expect(eventNameFor(parseTopics(['files']), fileEvent)).toBe('file');
    expect(eventNameFor(parseTopics(['file/*']), fileEvent)).toBe('patched');
    expect(eventNameFor(parseTopics(['*']), fileEvent)).toBe('patched');
    expect(
      eventNameFor(parseTopics(['file/configs/other.json', 'jobs', 'canaries']), fileEvent),
    ).toBeUndefined();
    expect(selectionFor(parseTopics(['files', 'file/a.md']))).toEqual({ kinds: ['file'] });
    expect(selectionFor(parseTopics(['file/a.md']))).toEqual({ topics: ['file/a.md'] });
  });
});

describe('topicMatches', () => {
  it.each([
    ['job/job_9hd', [true, false, false]],
    ['canary/canary_7f', [false, false, true]],
    ['jobs', [true, true, false]],
    ['canaries', [false, false, true]],
    ['job/*', [true, true, false]],
    ['canary/*', [false, false, true]],
    ['*', [true, true, true]],
    ['job/canary_7f', [false, false, false]],
  ])('%s matches [job_9hd, job_other, canary_7f] as %j', (name, expected) => {
    const matches = [jobEvent, otherJobEvent, canaryEvent].map((event) => topicMatches(topic(name), event));
    expect(matches).toEqual(expected);
  });
});

describe('eventNameFor', () => {
  it.each([
    [['job/job_9hd'], 'running'],
    [['job/*'], 'running'],
    [['*'], 'running'],
    [['jobs'], 'job'],
    [['jobs', 'job/job_9hd'], 'running'],
    [['job/job_9hd', 'jobs'], 'running'],
    [['jobs', 'job/*'], 'running'],
    [['jobs', 'canaries'], 'job'],
    [['canaries'], undefined],
    [['job/other'], undefined],
  ])('a job event on %j is named %s', (names, expected) => {
    expect(eventNameFor(parseTopics(names), jobEvent)).toBe(expected);
  });

  it('names canary events `canary` on `canaries` (seed 002) and by lifecycle elsewhere', () => {
    expect(eventNameFor(parseTopics(['jobs', 'canaries']), canaryEvent)).toBe('canary');
    expect(eventNameFor(parseTopics(['canary/*']), canaryEvent)).toBe('promoted');
    expect(eventNameFor(parseTopics(['canary/canary_7f']), canaryEvent)).toBe('promoted');
  });
});

describe('selectionFor', () => {
  it.each([
    [['*'], { all: true }],
    [['jobs', '*'], { all: true }],
    [['jobs'], { kinds: ['job'] }],
    [['job/*'], { kinds: ['job'] }],
    [['canaries', 'job/*'], { kinds: ['canary', 'job'] }],
    [['job/a', 'canary/b'], { topics: ['job/a', 'canary/b'] }],
    [['jobs', 'job/a', 'canary/b'], { kinds: ['job'], topics: ['canary/b'] }],
  ])('%j selects %j', (names, expected) => {
    expect(selectionFor(parseTopics(names))).toEqual(expected);
  });
});
