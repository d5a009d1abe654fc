import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorResponse } from '../http/index.ts';
import type { Access } from './access.ts';
import { type AccessVariables, routeScope } from './route-scope.ts';

/** A route needing `operate`, behind a stand-in for the security layer that sets `access` (or not). */
function appFor(access: Access | undefined) {
  const app = new Hono<{ Variables: AccessVariables }>();
  if (access !== undefined) {
    app.use(async (context, next) => {
      context.set('access', access);
      await next();
    });
  }
  app.post('/gates', routeScope('operate', 'POST /gates'), (context) => context.json({ changed: true }));
  app.onError(errorResponse(() => {}));
  return app;
}

describe('routeScope', () => {
  it('lets a caller with the scope reach the route', async () => {
    const response = await appFor({ operator: 'local', scopes: ['read', 'operate'] }).request('/gates', {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ changed: true });
  });

  it('answers 403 with the reason (through app.onError) to a read-only key', async () => {
    const response = await appFor({ operator: 'key:1a2b3c4d', scopes: ['read'] }).request('/gates', {
      method: 'POST',
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'POST /gates needs the operate scope; this key is read-only',
      code: 'FORBIDDEN_SCOPE',
    });
  });

  it('fails closed where no access was resolved', async () => {
    const response = await appFor(undefined).request('/gates', { method: 'POST' });
    expect(response.status).toBe(403);
    expect((await response.json()).code).toBe('FORBIDDEN_SCOPE');
  });
});
