/** The few calls of Prometheus' HTTP API the end-to-end test makes. */
import { waitFor } from '@lukhas/test-kit';

/** One sample of an instant vector. */
export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A rule as /api/v1/rules reports it. */
export interface RuleState {
  readonly name: string;
  readonly type: 'recording' | 'alerting';
  readonly health: string;
  readonly lastError?: string;
  /** RFC 3339 time of the last evaluation (`0001-01-01T00:00:00Z` before the first). */
  readonly lastEvaluation: string;
  readonly state?: string;
}

/** An alert as /api/v1/alerts reports it. */
export interface ActiveAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing';
  readonly value: string;
}

async function getData<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`${url}: ${body.error ?? response.status}`);
  return body.data;
}

/** An instant query; throws with Prometheus' message on a bad query. Scalars come back as one sample. */
export async function instantQuery(prometheusUrl: string, query: string): Promise<Sample[]> {
  const data = await getData<{ resultType: string; result: unknown }>(
    `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`,
  );
  if (data.resultType === 'scalar') {
    const [, value] = data.result as [number, string];
    return [{ metric: {}, value: Number(value) }];
  }
  return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((item) => ({
    metric: item.metric,
    value: Number(item.value[1]),
  }));
}

/** Every rule loaded, with its evaluation health. */
export async function loadedRules(prometheusUrl: string): Promise<RuleState[]> {
  const data = await getData<{ groups: { rules: RuleState[] }[] }>(`${prometheusUrl}/api/v1/rules`);
  return data.groups.flatMap((group) => group.rules);
}

/** The pending and firing alerts. */
export async function activeAlerts(prometheusUrl: string): Promise<ActiveAlert[]> {
  return (await getData<{ alerts: ActiveAlert[] }>(`${prometheusUrl}/api/v1/alerts`)).alerts;
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; then throws `describe()`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  options: { readonly timeoutMs: number; readonly describe: () => string },
): Promise<T> {
  let lastError: unknown;
  return (await waitFor(
    // A query that fails (Prometheus still starting) is another try, not the end.
    () =>
      check().catch((error: unknown) => {
        lastError = error;
        return undefined;
      }),
    {
      timeoutMs: options.timeoutMs,
      intervalMs: 250,
      message: () =>
        `${options.describe()}${lastError === undefined ? '' : `\nlast error: ${String(lastError)}`}`,
    },
  )) as T;
}
