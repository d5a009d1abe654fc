import type { SloMetric } from '@lukhas/core';
import { shorten } from './prometheus-api.ts';
import type { ResolvedPrometheusOptions } from './prometheus-options.ts';
import { isSloPromError, SloPromError } from './slo-prom-error.ts';

/** One call of the Prometheus HTTP API. */
export interface PrometheusRequest {
  /** Relative to the base URL, e.g. `api/v1/query`. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** For error messages and counters. */
  readonly metric: SloMetric;
  /** The caller's cancellation; distinct from the adapter's own timeout. */
  readonly signal?: AbortSignal;
}

/**
 * GETs an API path and returns the answer's `data`. Every failure throws a `PROM_QUERY_FAILED`
 * {@link SloPromError} whose `kind` classifies it and whose message is the operator-facing reason.
 * The timeout covers the body too, and holds even against a fetch that ignores its signal.
 */
export async function requestPrometheus(
  options: ResolvedPrometheusOptions,
  request: PrometheusRequest,
): Promise<unknown> {
  const url = new URL(request.path, options.baseUrl);
  for (const [name, value] of Object.entries(request.params)) url.searchParams.set(name, value);
  const failed = (kind: SloPromError['kind'], reason: string, cause?: unknown) =>
    new SloPromError('PROM_QUERY_FAILED', reason, { kind, metric: request.metric, cause });
  if (request.signal?.aborted) throw failed('aborted', 'sample aborted', request.signal.reason);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${options.timeoutMs}ms`));
  }, options.timeoutMs);
  const forwardAbort = () => controller.abort(request.signal?.reason);
  request.signal?.addEventListener('abort', forwardAbort, { once: true });
  try {
    const answer = await untilAborted(controller.signal, async () => {
      const response = await options.fetch(url.href, {
        method: 'GET',
        headers: { ...options.headers },
        signal: controller.signal,
      });
      return { ok: response.ok, status: response.status, text: await response.text() };
    });
    return readBody(answer, failed);
  } catch (error) {
    if (isSloPromError(error)) throw error;
    if (timedOut) throw failed('timeout', `timed out after ${options.timeoutMs}ms`, error);
    if (request.signal?.aborted) throw failed('aborted', 'sample aborted', error);
    throw failed('unreachable', `prometheus unreachable: ${describeNetworkError(error)}`, error);
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', forwardAbort);
  }
}

function readBody(
  answer: { ok: boolean; status: number; text: string },
  failed: (kind: SloPromError['kind'], reason: string) => SloPromError,
): unknown {
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  if (fields?.status === 'error') {
    const detail = shorten(
      `(${String(fields.errorType ?? 'unknown')}): ${String(fields.error ?? 'no message')}`,
    );
    throw failed(
      'prometheus_error',
      answer.ok ? `prometheus error ${detail}` : `prometheus answered HTTP ${answer.status} ${detail}`,
    );
  }
  if (!answer.ok) throw failed('http_error', `prometheus answered HTTP ${answer.status}`);
  if (fields === undefined)
    throw failed('invalid_response', 'prometheus answered with a body that is not a JSON object');
  if (fields.status !== 'success')
    throw failed('invalid_response', 'prometheus answered without status "success"');
  return fields.data;
}

/** Runs `work`, rejecting as soon as `signal` aborts even if `work` never settles. */
function untilAborted<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The most telling part of a fetch failure: undici wraps the socket error (`ECONNREFUSED`,
 * `ENOTFOUND`, …) as `cause`, sometimes inside an AggregateError (one per address tried).
 */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  let message: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const fields = current as { code?: unknown; errors?: unknown; message?: unknown; cause?: unknown };
    if (typeof fields.code === 'string' && fields.code !== '') return fields.code;
    if (Array.isArray(fields.errors)) {
      const code = fields.errors
        .map((inner: unknown) => (inner as { code?: unknown } | null)?.code)
        .find((candidate): candidate is string => typeof candidate === 'string');
      if (code !== undefined) return code;
    }
    if (typeof fields.message === 'string' && fields.message !== '') message = fields.message;
    current = fields.cause;
  }
  return shorten(message ?? String(error));
}
