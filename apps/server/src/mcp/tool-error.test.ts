import { CanaryEngineError } from '@lukhas/canary-engine';
import { DomainError } from '@lukhas/core';
import { DocumentError } from '@lukhas/documents';
import { unknownTaskError } from '@lukhas/job-runner';
import { PersistenceError } from '@lukhas/persistence';
import { describe, expect, it } from 'vitest';
import { toolErrorResult } from './tool-error.ts';

describe('toolErrorResult', () => {
  it("turns the cockpit's own errors into business failures with their message and code", () => {
    const report = (error: Error) => {
      throw error;
    };
    const cases: [Error, string][] = [
      [
        unknownTaskError('nope', ['smoke', 'stress']),
        'Unknown task "nope"; known tasks: smoke, stress [UNKNOWN_TASK]',
      ],
      [
        new DocumentError('EMPTY_QUERY', 'The search query is empty.'),
        'The search query is empty. [EMPTY_QUERY]',
      ],
      [
        new CanaryEngineError('CANARY_NOT_FOUND', 'no canary with id c'),
        'no canary with id c [CANARY_NOT_FOUND]',
      ],
      [
        new DomainError('ILLEGAL_JOB_TRANSITION', 'cannot cancel job in status "completed"'),
        'cannot cancel job in status "completed" [ILLEGAL_JOB_TRANSITION]',
      ],
      [new PersistenceError('STALE_STATE', 'changed meanwhile'), 'changed meanwhile [STALE_STATE]'],
    ];
    for (const [error, text] of cases) {
      expect(toolErrorResult(error, { tool: 'x', report })).toEqual({
        content: [{ type: 'text', text }],
        isError: true,
      });
    }
  });

  it('reports anything else and answers without its internals', () => {
    const reported: Error[] = [];
    const result = toolErrorResult(new TypeError('db.prepare is not a function at /srv/x.ts:3'), {
      tool: 'get_job',
      report: (error) => reported.push(error),
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain('prepare');
    expect(JSON.stringify(result)).toContain('get_job failed inside the cockpit');
    expect(reported.map((error) => error.message)).toEqual(['db.prepare is not a function at /srv/x.ts:3']);
    toolErrorResult('a string', { tool: 'why', report: (error) => reported.push(error) });
    expect(reported[1]?.message).toBe('a string');
  });
});
