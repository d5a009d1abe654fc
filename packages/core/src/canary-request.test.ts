import { describe, expect, it } from 'vitest';
import { parseCanaryRequest, safeParseCanaryRequest } from './canary-request.ts';
import { DomainError, type ValidationIssue } from './errors.ts';

const route = { modelId: 'matriz-v3', fromGate: 'stage', toGate: 'production' };

function issuesOf(args: unknown): readonly ValidationIssue[] {
  const result = safeParseCanaryRequest(args);
  if (result.success) throw new Error(`expected issues, got ${JSON.stringify(result.request)}`);
  return result.issues;
}

describe('parseCanaryRequest: the seed spellings', () => {
  it('reads the policy from top-level fields (seed 003)', () => {
    const request = parseCanaryRequest({
      modelId: 'matriz-v3',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 120,
      targets: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 },
    });
    expect(request).toEqual({
      modelId: 'matriz-v3',
      fromGate: 'stage',
      toGate: 'production',
      policy: {
        windowSeconds: 120,
        intervalSeconds: 30,
        failureLimit: 0,
        minSamples: 3,
        targets: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 },
      },
      webhooks: null,
    });
  });

  it('reads the policy from policy:{…} (seed 002)', () => {
    const request = parseCanaryRequest({
      modelId: 'lukhas-v4',
      fromGate: 'staging',
      toGate: 'production',
      policy: { windowSeconds: 300, targets: { latency_p95_ms: 500, max_error_rate: 0.01 } },
    });
    expect(request.policy).toEqual({
      windowSeconds: 300,
      intervalSeconds: 30,
      failureLimit: 0,
      minSamples: 3,
      targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
    });
  });

  it('reads the flat sloPolicy:{…} with the error_rate alias (seed 001)', () => {
    const request = parseCanaryRequest({
      modelId: 'lukhas-v2',
      fromGate: 'stage',
      toGate: 'production',
      sloPolicy: { latency_p95_ms: 800, error_rate: 0.01 },
    });
    expect(request.policy.targets).toEqual({ latency_p95_ms: 800, max_error_rate: 0.01 });
    expect(request.policy.windowSeconds).toBe(300);
  });

  it('trims names and keeps the http(s) webhooks given', () => {
    const request = parseCanaryRequest({
      modelId: '  lukhas-v2 ',
      fromGate: 'stage',
      toGate: 'production',
      targets: { latency_p95_ms: 800 },
      webhooks: { onPromote: 'https://ops.example/promote', onRollback: 'http://localhost:9000/rollback' },
    });
    expect(request.modelId).toBe('lukhas-v2');
    expect(request.webhooks).toEqual({
      onPromote: 'https://ops.example/promote',
      onRollback: 'http://localhost:9000/rollback',
    });
  });

  it('treats empty or null webhooks as none', () => {
    const base = { ...route, targets: { latency_p95_ms: 800 } };
    expect(parseCanaryRequest({ ...base, webhooks: {} }).webhooks).toBeNull();
    expect(parseCanaryRequest({ ...base, webhooks: null }).webhooks).toBeNull();
  });

  it('throws INVALID_CANARY_REQUEST listing every issue', () => {
    let caught: unknown;
    try {
      parseCanaryRequest({ modelId: '', fromGate: 'stage', toGate: 'production', targets: { p99: 1 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    const error = caught as DomainError;
    expect(error.code).toBe('INVALID_CANARY_REQUEST');
    expect(error.issues.map((issue) => issue.path)).toEqual(['modelId', 'targets.p99']);
    expect(error.message).toBe(
      'invalid start_canary arguments: modelId: expected a non-empty string; ' +
        'targets.p99: unknown key "p99" in targets, expected one of latency_p95_ms, max_error_rate, error_rate, max_drift, error_budget',
    );
  });
});

describe('safeParseCanaryRequest: refusals', () => {
  it.each([
    [{ policy: { latency_p95_ms: 500 }, targets: { latency_p95_ms: 500 } }, 'policy and top-level targets'],
    [{ policy: { latency_p95_ms: 500 }, sloPolicy: { latency_p95_ms: 500 } }, 'policy and sloPolicy'],
    [{ sloPolicy: { latency_p95_ms: 500 }, windowSeconds: 60 }, 'sloPolicy and top-level windowSeconds'],
    [
      { policy: {}, sloPolicy: {}, minSamples: 1, targets: {} },
      'policy and sloPolicy and top-level minSamples, targets',
    ],
  ])('refuses mixed spellings %j', (extra, found) => {
    const issues = issuesOf({ ...route, ...extra });
    expect(issues).toContainEqual({
      path: '',
      message: `expected the policy in one spelling only (top-level fields, policy or sloPolicy), received ${found}`,
    });
  });

  it('requires a policy with a target', () => {
    expect(issuesOf(route)).toEqual([
      { path: 'targets', message: expect.stringContaining('at least one target') },
    ]);
    expect(issuesOf({ ...route, sloPolicy: {} })).toEqual([
      { path: 'sloPolicy.targets', message: expect.stringContaining('at least one target') },
    ]);
  });

  it('prefixes policy issues with the spelling they came in', () => {
    expect(issuesOf({ ...route, policy: { windowSeconds: -1, targets: { latency_p99_ms: 1 } } })).toEqual([
      { path: 'policy.windowSeconds', message: 'expected a number of seconds > 0, received -1' },
      {
        path: 'policy.targets.latency_p99_ms',
        message: expect.stringMatching(/^unknown key "latency_p99_ms" in policy\.targets/),
      },
    ]);
    expect(
      issuesOf({ ...route, sloPolicy: { latency_p95_ms: 500, error_rate: 0.2, max_error_rate: 0.1 } }),
    ).toEqual([
      { path: 'sloPolicy.error_rate', message: expect.stringContaining('to equal max_error_rate 0.1') },
    ]);
    expect(issuesOf({ ...route, windowSeconds: 60, minSamples: 3, targets: { max_drift: 0.1 } })).toEqual([
      { path: 'minSamples', message: expect.stringContaining('could never promote') },
    ]);
  });

  it('refuses flat targets at the top level as unknown keys', () => {
    expect(issuesOf({ ...route, latency_p95_ms: 800 })).toContainEqual({
      path: 'latency_p95_ms',
      message: expect.stringMatching(/^unknown key "latency_p95_ms", expected one of modelId, /),
    });
  });

  it.each([
    [{ modelId: '   ' }, 'modelId', 'expected a non-empty string'],
    [{ modelId: 42 }, 'modelId', 'expected a string, received 42'],
    [{ fromGate: 'x'.repeat(201) }, 'fromGate', 'expected at most 200 characters, received 201'],
    [{ toGate: 'prod\nuction' }, 'toGate', 'expected no control characters'],
    [{ toGate: 'stage' }, 'toGate', 'expected a gate other than fromGate, received "stage"'],
  ])('refuses a bad name %j', (override, path, message) => {
    expect(issuesOf({ ...route, targets: { latency_p95_ms: 800 }, ...override })).toEqual([
      { path, message },
    ]);
  });

  it('requires modelId, fromGate and toGate', () => {
    expect(issuesOf({ targets: { latency_p95_ms: 800 } }).map((issue) => issue.path)).toEqual([
      'modelId',
      'fromGate',
      'toGate',
    ]);
  });

  it('accepts a name of exactly 200 characters', () => {
    const modelId = 'm'.repeat(200);
    expect(parseCanaryRequest({ ...route, modelId, targets: { latency_p95_ms: 800 } }).modelId).toBe(modelId);
  });

  it.each([['ftp://ops.example/hook'], ['not a url'], ['javascript:alert(1)']])(
    'refuses webhook URL %s',
    (url) => {
      expect(issuesOf({ ...route, targets: { latency_p95_ms: 800 }, webhooks: { onPromote: url } })).toEqual([
        { path: 'webhooks.onPromote', message: `expected an http(s) URL, received "${url}"` },
      ]);
    },
  );

  it('refuses unknown webhook keys', () => {
    expect(
      issuesOf({
        ...route,
        targets: { latency_p95_ms: 800 },
        webhooks: { onPromotion: 'https://x.example' },
      }),
    ).toEqual([
      {
        path: 'webhooks.onPromotion',
        message:
          'unknown key "onPromotion" in webhooks, expected one of onPromote, onRollback, confirmPromotion',
      },
    ]);
  });

  it.each([[null], ['start'], [[route]]])('refuses arguments that are not an object: %j', (args) => {
    expect(issuesOf(args)).toEqual([{ path: '', message: expect.stringContaining('expected an object') }]);
  });
});

describe('safeParseCanaryRequest: policy bounds (issue 10, findings 1-3)', () => {
  const targets = { latency_p95_ms: 500 };

  it.each([
    [
      { windowSeconds: 1e8, intervalSeconds: 1 },
      'windowSeconds',
      'expected at most 604800 seconds (7 days), received 100000000',
    ],
    [
      { windowSeconds: 1e9 },
      'windowSeconds',
      'expected at most 604800 seconds (7 days), received 1000000000',
    ],
    [
      { windowSeconds: 300, intervalSeconds: 1e-9 },
      'intervalSeconds',
      'expected at least 1 second between samples',
    ],
    [{ windowSeconds: 300, intervalSeconds: 0.001 }, 'intervalSeconds', 'received 0.001'],
  ])('refuses %j before anything is stored, naming the field', (knobs, path, message) => {
    const issues = issuesOf({ ...route, ...knobs, targets });
    expect(issues).toEqual([{ path, message: expect.stringContaining(message) }]);
  });

  it('names the field under the spelling used', () => {
    expect(issuesOf({ ...route, policy: { windowSeconds: 1e8, targets } })[0]?.path).toBe(
      'policy.windowSeconds',
    );
    expect(issuesOf({ ...route, sloPolicy: { intervalSeconds: 0.5, ...targets } })[0]?.path).toBe(
      'sloPolicy.intervalSeconds',
    );
  });

  it('refuses more samples than one canary may take, saying which interval would do', () => {
    expect(issuesOf({ ...route, windowSeconds: 604_800, intervalSeconds: 1, targets })).toEqual([
      {
        path: 'intervalSeconds',
        message:
          'expected at least 60.48 for a 604800s window, received 1: sampled every 1s it takes 604800 samples, more than the 10000 one canary may take',
      },
    ]);
    expect(
      safeParseCanaryRequest({ ...route, windowSeconds: 604_800, intervalSeconds: 60.48, targets }).success,
    ).toBe(true);
    expect(
      safeParseCanaryRequest({ ...route, windowSeconds: 10_000, intervalSeconds: 1, targets }).success,
    ).toBe(true);
  });

  it('takes other bounds as an option (the server lowers or raises the minimum interval)', () => {
    const quick = { ...route, windowSeconds: 2, intervalSeconds: 0.5, targets, minSamples: 3 };
    expect(issuesOf(quick)[0]?.path).toBe('intervalSeconds');
    expect(parseCanaryRequest(quick, { bounds: { minIntervalSeconds: 0.1 } }).policy.intervalSeconds).toBe(
      0.5,
    );
    expect(() =>
      parseCanaryRequest({ ...route, intervalSeconds: 30, targets }, { bounds: { minIntervalSeconds: 60 } }),
    ).toThrow('intervalSeconds: expected at least 60 seconds between samples');
    expect(() => parseCanaryRequest(quick, { bounds: { minIntervalSeconds: 0 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_POLICY_BOUNDS' }),
    );
  });
});
