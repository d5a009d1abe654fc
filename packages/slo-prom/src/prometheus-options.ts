import type { Clock } from '@lukhas/core';
import type { FallbackEvent } from './fallback-stats.ts';
import { SloPromError } from './slo-prom-error.ts';

/** PromQL templates per metric; `$__gate`, `$__model` and `$__window` are substituted before each query. */
export interface PrometheusQueries {
  /** p95 latency in milliseconds. */
  readonly latency: string;
  /** Error rate, 0..1. */
  readonly errorRate: string;
  /** Drift, 0..1; without it a requested drift reads null (`not_configured`). */
  readonly drift?: string;
}

/** The seeds' queries (000/001), verbatim: bucket `le` values are milliseconds, so no `* 1000`. */
export const DEFAULT_PROMETHEUS_QUERIES: PrometheusQueries = {
  latency: 'histogram_quantile(0.95, sum(rate(model_latency_bucket{gate="$__gate"}[$__window])) by (le))',
  errorRate:
    'sum(rate(model_errors_total{gate="$__gate"}[$__window])) / clamp_min(sum(rate(model_requests_total{gate="$__gate"}[$__window])),1)',
};

/** How long one query may take before it reads null with `timed out after …ms`. */
export const DEFAULT_PROMETHEUS_TIMEOUT_MS = 5000;

const CREDENTIALS_AND_BEARER = 'PROM_URL carries user:password and PROM_BEARER is set; use one';

/** The subset of `fetch` the adapter uses; `globalThis.fetch` fits, and so does a test double. */
export type PrometheusFetch = (
  url: string,
  init: { readonly method: 'GET'; readonly headers: Record<string, string>; readonly signal: AbortSignal },
) => Promise<PrometheusFetchResponse>;

/** The subset of `Response` the adapter reads. */
export interface PrometheusFetchResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}

/** Options of {@link createPrometheusMonitor}. */
export interface PrometheusMonitorOptions {
  /** Base URL of Prometheus (a path prefix such as `https://host/prometheus` is kept). */
  readonly url: string;
  /** Bearer token, with or without the `Bearer ` prefix (seed 001 writes it with). */
  readonly bearer?: string;
  /** Query templates; missing ones take {@link DEFAULT_PROMETHEUS_QUERIES}. */
  readonly queries?: Partial<PrometheusQueries>;
  /** Per query, default {@link DEFAULT_PROMETHEUS_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
  /** Injected fetch; default `globalThis.fetch`, looked up at call time. */
  readonly fetch?: PrometheusFetch;
  /** Called once per null reading, after the reading is decided. */
  readonly onFallback?: (event: FallbackEvent) => void;
  /** Time of samples and of `fallbackSince`; default `Date.now`. */
  readonly clock?: Clock;
}

/** Options checked and normalized once, at construction. */
export interface ResolvedPrometheusOptions {
  /** Always ends with `/`, never carries credentials. */
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly queries: PrometheusQueries;
  readonly timeoutMs: number;
  readonly fetch: PrometheusFetch;
  readonly clock: Clock;
}

/** Checks the options: throws `PROM_INVALID_CONFIG` for a URL or timeout that cannot work. */
export function resolvePrometheusOptions(options: PrometheusMonitorOptions): ResolvedPrometheusOptions {
  const url = parsePrometheusUrl(options.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  const bearer = normalizeBearer(options.bearer);
  if (hasCredentials(url)) {
    if (bearer !== undefined) throw new SloPromError('PROM_INVALID_CONFIG', CREDENTIALS_AND_BEARER);
    // fetch refuses URLs with credentials; send them the way a browser would.
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    headers.authorization = `Basic ${btoa(`${user}:${password}`)}`;
    url.username = '';
    url.password = '';
  }
  if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new SloPromError(
      'PROM_INVALID_CONFIG',
      `the Prometheus timeout must be a positive number of ms, got ${timeoutMs}`,
    );
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return {
    baseUrl: url.href,
    headers,
    queries: {
      latency: options.queries?.latency ?? DEFAULT_PROMETHEUS_QUERIES.latency,
      errorRate: options.queries?.errorRate ?? DEFAULT_PROMETHEUS_QUERIES.errorRate,
      ...(options.queries?.drift === undefined ? {} : { drift: options.queries.drift }),
    },
    timeoutMs,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock: options.clock ?? { now: () => Date.now() },
  };
}

/** The token of a bearer setting, accepting `Bearer abc` and `abc`; undefined when blank. */
export function normalizeBearer(bearer: string | undefined): string | undefined {
  const token = bearer?.trim().replace(/^bearer\s+/i, '');
  return token === undefined || token === '' ? undefined : token;
}

/** The configuration part of {@link PrometheusMonitorOptions}: what the environment sets. */
export type PrometheusSettings = Pick<PrometheusMonitorOptions, 'url' | 'bearer' | 'queries' | 'timeoutMs'>;

/**
 * Adapter settings from environment variables, or undefined when PROM_URL is unset (use the stub).
 * Throws `PROM_INVALID_CONFIG` for an unusable PROM_URL or PROM_TIMEOUT_MS, or user:password in
 * PROM_URL next to PROM_BEARER: the one error, or one naming each of them.
 *
 * @example parsePrometheusSettings({ PROM_URL: 'http://prometheus:9090', PROM_BEARER: 'Bearer t0k' })
 */
export function parsePrometheusSettings(
  env: Readonly<Record<string, string | undefined>>,
): PrometheusSettings | undefined {
  const url = present(env.PROM_URL);
  if (url === undefined) return undefined;
  const errors: SloPromError[] = [];
  const attempt = <Value>(parse: () => Value, fallback: Value): Value => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof SloPromError)) throw error;
      errors.push(error);
      return fallback;
    }
  };
  const bearer = normalizeBearer(env.PROM_BEARER);
  const parsedUrl = attempt(() => parsePrometheusUrl(url), undefined);
  if (parsedUrl !== undefined && hasCredentials(parsedUrl) && bearer !== undefined) {
    errors.push(new SloPromError('PROM_INVALID_CONFIG', CREDENTIALS_AND_BEARER));
  }
  const timeoutMs = attempt(() => parseTimeout(present(env.PROM_TIMEOUT_MS)), DEFAULT_PROMETHEUS_TIMEOUT_MS);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new SloPromError('PROM_INVALID_CONFIG', errors.map((error) => error.message).join('; '), {
      cause: new AggregateError(errors),
    });
  }
  const latency = present(env.PROM_QUERY_LAT) ?? present(env.PROM_Q_LAT);
  const errorRate = present(env.PROM_QUERY_ERR) ?? present(env.PROM_Q_ERR);
  const drift = present(env.PROM_QUERY_DRIFT);
  return {
    url,
    ...(bearer === undefined ? {} : { bearer }),
    queries: {
      latency: latency ?? DEFAULT_PROMETHEUS_QUERIES.latency,
      errorRate: errorRate ?? DEFAULT_PROMETHEUS_QUERIES.errorRate,
      ...(drift === undefined ? {} : { drift }),
    },
    timeoutMs,
  };
}

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parsePrometheusUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (error) {
    // Never echo credentials that an unparsable URL may carry.
    const shown = raw.replace(/\/\/[^/@]*@/, '//***@');
    throw new SloPromError(
      'PROM_INVALID_CONFIG',
      `PROM_URL must be an absolute http(s) URL, got "${shown}"`,
      {
        cause: error,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SloPromError('PROM_INVALID_CONFIG', `PROM_URL must use http or https, got ${url.protocol}`);
  }
  return url;
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PROMETHEUS_TIMEOUT_MS;
  const timeoutMs = Number(raw);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new SloPromError(
      'PROM_INVALID_CONFIG',
      `PROM_TIMEOUT_MS must be a positive whole number, got "${raw}"`,
    );
  }
  return timeoutMs;
}
