import { describe, expect, it } from 'vitest';
import { createApp, ROUTE_SCOPES } from './app.ts';
import { parseApiKeys, parseSecurityConfig } from './config/index.ts';
import { healthyHealth } from './health-fixture.ts';
import { fakeCockpit } from './metrics/fixtures/fake-cockpit.ts';
import { createCockpitMetrics } from './metrics/index.ts';

/**
 * The app with keys `ops-key,audit-key:read` and /metrics made public, the one way a caller with no
 * scope reaches a scoped route: it shows that `ROUTE_SCOPES` guards the route itself, not only the key.
 */
function appWith() {
  const env = { LUKHAS_MCP_API_KEYS: 'ops-key,audit-key:read' };
  const cockpit = fakeCockpit();
  return createApp({
    security: parseSecurityConfig(env, { bindHost: '127.0.0.1', apiKeys: parseApiKeys(env) }),
    securityOptions: { publicRoutes: ['GET /health', 'GET /metrics'] },
    health: healthyHealth(cockpit.monitor),
    metrics: createCockpitMetrics({
      cockpit,
      version: '9.9.9',
      canTakeTraffic: async () => true,
      processMetrics: false,
    }),
  });
}

describe('createApp: the scope of each plain route', () => {
  it('guards /sse, /metrics and the evidence export with read; no plain route changes state', () => {
    expect(ROUTE_SCOPES).toEqual([
      { route: 'GET /sse', scope: 'read' },
      { route: 'GET /metrics', scope: 'read' },
      { route: 'GET /evidence/export', scope: 'read' },
    ]);
  });

  // (A read-only key reading /metrics, /sse and the export: test/scoped-keys.test.ts.)
  it('answers 403 with the reason to a caller without the scope, even on a public route', async () => {
    const response = await appWith().request('/metrics');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: 'GET /metrics needs the read scope; this request carries no scope',
      code: 'FORBIDDEN_SCOPE',
    });
    // /health is public and needs no scope.
    expect((await appWith().request('/health')).status).toBe(200);
  });
});
