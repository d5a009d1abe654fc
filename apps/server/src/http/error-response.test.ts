import { CanaryEngineError } from '@lukhas/canary-engine';
import { DomainError } from '@lukhas/core';
import { EvidenceError } from '@lukhas/evidence';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { errorResponse } from './error-response.ts';

function appThrowing(error: Error, reported: Error[]) {
  const app = new Hono();
  app.onError(errorResponse((failure) => reported.push(failure)));
  app.get('/x', () => {
    throw error;
  });
  return app;
}

describe('errorResponse', () => {
  it('answers a cockpit error by its code, with its message and field, and reports nothing', async () => {
    const reported: Error[] = [];
    const cases: [Error, number, Record<string, unknown>][] = [
      [
        new EvidenceError('FROM_AFTER_TO', 'range', 'from is after to'),
        400,
        { error: 'from is after to', code: 'FROM_AFTER_TO', field: 'range' },
      ],
      [new DomainError('INVALID_POLICY', 'bad policy'), 400, { error: 'bad policy', code: 'INVALID_POLICY' }],
      [
        new CanaryEngineError('CANARY_NOT_FOUND', 'no canary c'),
        404,
        { error: 'no canary c', code: 'CANARY_NOT_FOUND' },
      ],
    ];
    for (const [error, status, body] of cases) {
      const response = await appThrowing(error, reported).request('/x');
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(body);
    }
    expect(reported).toEqual([]);
  });

  it('answers anything else 500 without its internals, and reports it', async () => {
    const reported: Error[] = [];
    const failure = new CanaryEngineError('CANARY_FAILED', 'sqlite at /srv/db broke');
    const response = await appThrowing(failure, reported).request('/x');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('/srv/db');
    expect(reported).toEqual([failure]);
  });

  it("keeps hono's own refusals", async () => {
    const response = await appThrowing(new HTTPException(413, { message: 'too big' }), []).request('/x');
    expect(response.status).toBe(413);
  });
});
