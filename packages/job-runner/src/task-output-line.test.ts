import { describe, expect, it } from 'vitest';
import { parseTaskOutputLine } from './task-output-line.ts';

describe('parseTaskOutputLine', () => {
  it('reads progress, message and result lines', () => {
    expect(parseTaskOutputLine('{"progress":0.4,"message":"batch 2/5"}')).toEqual({
      progress: { progress: 0.4, message: 'batch 2/5' },
    });
    expect(parseTaskOutputLine('  {"message":"warming up"}\r')).toEqual({
      progress: { message: 'warming up' },
    });
    expect(parseTaskOutputLine('{"result":{"score":0.93}}')).toEqual({ result: { value: { score: 0.93 } } });
    expect(parseTaskOutputLine('{"result":null}')).toEqual({ result: { value: null } });
    expect(parseTaskOutputLine('{"progress":1,"result":[1,2]}')).toEqual({
      progress: { progress: 1 },
      result: { value: [1, 2] },
    });
  });

  it('treats everything else as a log line', () => {
    for (const line of [
      'loading weights…',
      '',
      '[1,2,3]',
      '{"progress":"50%"}',
      '{"level":"info","msg":"structured log"}',
      '{"progress":0.5',
      '{not json}',
      '42',
    ]) {
      expect(parseTaskOutputLine(line)).toBeUndefined();
    }
  });
});
