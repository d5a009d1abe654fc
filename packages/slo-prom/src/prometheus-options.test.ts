import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROMETHEUS_QUERIES,
  normalizeBearer,
  parsePrometheusSettings,
} from './prometheus-options.ts';
import { isSloPromError } from './slo-prom-error.ts';

describe('parsePrometheusSettings', () => {
  it('is undefined without PROM_URL (or with a blank one): the stub is used', () => {
    expect(parsePrometheusSettings({})).toBeUndefined();
    expect(parsePrometheusSettings({ PROM_URL: '  ', PROM_BEARER: 'x' })).toBeUndefined();
  });

  it('uses the seeds’ default queries and a 5 s timeout', () => {
    expect(parsePrometheusSettings({ PROM_URL: 'https://prometheus.lukhas.ai' })).toEqual({
      url: 'https://prometheus.lukhas.ai',
      queries: DEFAULT_PROMETHEUS_QUERIES,
      timeoutMs: 5000,
    });
  });

  it('reads every variable, preferring PROM_QUERY_* over the PROM_Q_* aliases', () => {
    expect(
      parsePrometheusSettings({
        PROM_URL: 'http://prometheus:9090',
        PROM_BEARER: 'Bearer your-token',
        PROM_QUERY_LAT: 'lat{gate="$__gate"}',
        PROM_Q_LAT: 'ignored',
        PROM_Q_ERR: 'err{gate="$__gate"}',
        PROM_QUERY_DRIFT: 'drift{model="$__model"}',
        PROM_TIMEOUT_MS: '2500',
      }),
    ).toEqual({
      url: 'http://prometheus:9090',
      bearer: 'your-token',
      queries: {
        latency: 'lat{gate="$__gate"}',
        errorRate: 'err{gate="$__gate"}',
        drift: 'drift{model="$__model"}',
      },
      timeoutMs: 2500,
    });
  });

  it.each([
    [{ PROM_URL: 'prometheus:9090' }, /PROM_URL must use http or https/],
    [{ PROM_URL: '//prometheus' }, /PROM_URL must be an absolute http\(s\) URL, got "\/\/prometheus"/],
    [
      { PROM_URL: 'http://prometheus', PROM_TIMEOUT_MS: '5s' },
      /PROM_TIMEOUT_MS must be a positive whole number/,
    ],
    [{ PROM_URL: 'http://prometheus', PROM_TIMEOUT_MS: '0' }, /PROM_TIMEOUT_MS/],
  ])('refuses %j with a PROM_INVALID_CONFIG error', (env, message) => {
    let caught: unknown;
    try {
      parsePrometheusSettings(env);
    } catch (error) {
      caught = error;
    }
    expect(isSloPromError(caught, 'PROM_INVALID_CONFIG')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('names every bad variable in one error, and refuses user:password next to PROM_BEARER', () => {
    let caught: unknown;
    try {
      parsePrometheusSettings({ PROM_URL: 'prometheus:9090', PROM_TIMEOUT_MS: '5s' });
    } catch (error) {
      caught = error;
    }
    expect(isSloPromError(caught, 'PROM_INVALID_CONFIG')).toBe(true);
    expect((caught as Error).message).toMatch(/PROM_URL must use http or https/);
    expect((caught as Error).message).toMatch(/PROM_TIMEOUT_MS must be a positive whole number, got "5s"/);
    expect((caught as Error).cause).toBeInstanceOf(AggregateError);
    expect(() =>
      parsePrometheusSettings({ PROM_URL: 'http://ops:pw@prometheus', PROM_BEARER: 'Bearer t0k' }),
    ).toThrow('PROM_URL carries user:password and PROM_BEARER is set; use one');
  });

  it('does not echo credentials of an unparsable URL', () => {
    expect(() => parsePrometheusSettings({ PROM_URL: 'http://ops:hunter2@[bad' })).toThrow(
      'PROM_URL must be an absolute http(s) URL, got "http://***@[bad"',
    );
  });
});

describe('normalizeBearer', () => {
  it('accepts the token with or without the Bearer prefix', () => {
    expect(normalizeBearer('Bearer your-token')).toBe('your-token');
    expect(normalizeBearer('your-token')).toBe('your-token');
    expect(normalizeBearer(' ')).toBeUndefined();
    expect(normalizeBearer(undefined)).toBeUndefined();
  });
});
