/**
 * Narrative messages for the canary lifecycle: started → samples → promoted / rolled back, plus
 * the promotion webhooks. Each returns `<subject> → <what>` without the time prefix. Callers pass
 * facts (samples, breaches, counts); this file owns the wording, so every line about a rule
 * reads the same wherever it is written. Only free text (an operator's reason, a monitor's or a
 * webhook's error) comes in as text.
 */
import type { CanarySample, SampleBreach, SloMetric } from '@lukhas/core';
import { type BaselineRegressionFacts, baselineRegression } from './baseline-narrative.ts';
import { formatBreaches, formatMetric } from './format-values.ts';
import { sanitizeText } from './sanitize-text.ts';

/** The order metrics are listed in. */
const METRIC_ORDER: readonly SloMetric[] = ['latency_p95_ms', 'error_rate', 'drift'];

/** A canary that started: the model goes from one gate to another under SLO monitoring. */
export interface CanaryStartedInput {
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
}

/** What a sample line needs of a judged sample (a `CanarySample` or `StoredSample` fits). */
export type CanarySampleFacts = Pick<
  CanarySample,
  'seq' | 'values' | 'fallback' | 'fallbackReasons' | 'breaches'
> & { readonly baseline?: CanarySample['baseline'] };

/** A sample judged against the policy. */
export interface CanarySampleInput {
  readonly modelId: string;
  readonly sample: CanarySampleFacts;
}

/** SLO values to show; missing or null ones are left out. */
export type SloValues = Readonly<Partial<Record<SloMetric, number | null>>>;

/** A canary that promoted its model. */
export interface CanaryPromotedInput {
  readonly modelId: string;
  readonly toGate: string;
  /** The values the promotion rests on (e.g. the last real sample); drift shows only when given. */
  readonly values?: SloValues | null;
}

/** Why a canary rolled back, by the rule that fired, with the facts that rule looks at. */
export type RollbackCause =
  | {
      readonly rule: 'breach_limit';
      /** The sample whose breach crossed `failureLimit`. */
      readonly sample: { readonly seq: number; readonly breaches: readonly SampleBreach[] };
    }
  | { readonly rule: 'insufficient_data'; readonly realSamples: number; readonly minSamples: number }
  | { readonly rule: 'abort'; readonly reason?: string | null }
  | { readonly rule: 'router_failed'; readonly reason: string }
  /** The decisive metrics found worse than the baseline beyond their allowance. */
  | { readonly rule: 'baseline_regression'; readonly regressions: readonly BaselineRegressionFacts[] };

/** A canary that rolled back: the model stays at (returns to) `fromGate`. */
export type CanaryRolledBackInput = {
  readonly modelId: string;
  readonly fromGate: string;
} & RollbackCause;

/** The webhooks a canary may call. */
export type CanaryHook = 'on_promote' | 'on_rollback' | 'confirm_promotion';

/**
 * The outcome of a webhook call, after retries. The URL is never shown (webhook URLs often embed
 * secrets), nor the exact answer or socket error (a port-scan oracle): only a class.
 */
export interface WebhookCalledInput {
  readonly modelId: string;
  readonly hook: CanaryHook;
  /** `delivered` (a 2xx answer), `failed` (no 2xx after the retries) or `refused` (not called: target not allowed). */
  readonly outcome: 'delivered' | 'failed' | 'refused';
  /** Why, as a class: `timeout`, `connection error`, `HTTP 5xx`, `target not allowed`, … */
  readonly failure?: string | null;
  readonly attempts: number;
}

/** A promotion that did not happen although the SLOs held (e.g. the confirm hook refused it). */
export interface PromotionBlockedInput {
  readonly modelId: string;
  readonly toGate: string;
  readonly reason: string;
}

/**
 * `canary lukhas-agi-v3 → stage to production (SLO monitoring)`
 *
 * @example canaryStarted({ modelId: 'lukhas-agi-v3', fromGate: 'stage', toGate: 'production' })
 */
export function canaryStarted(input: CanaryStartedInput): string {
  return `${canarySubject(input.modelId)} → ${sanitizeText(input.fromGate)} to ${sanitizeText(input.toGate)} (SLO monitoring)`;
}

/**
 * One judged sample: `… → sample 2 ok (lat=420ms, err=0.8%)`, `… → sample 3 breached: lat=900ms > 500ms`,
 * or `… → sample 3 fallback (prometheus unreachable: ECONNREFUSED): lat=9999ms > 500ms, err=100.0% > 1.0%`.
 */
export function canarySample(input: CanarySampleInput): string {
  const { sample } = input;
  const subject = `${canarySubject(input.modelId)} → sample ${sample.seq}`;
  // A fallback sample always breaches (conservative values), but say why it fell back first.
  const what = sample.fallback
    ? `fallback (${fallbackReason(sample.fallbackReasons)})`
    : sample.breaches.some((breach) => breach.dryRun !== true)
      ? 'breached'
      : 'ok';
  // The baseline falls back on its own: say so, or a comparison with fewer values reads as a mystery.
  const baseline = sample.baseline?.fallback
    ? `; baseline fallback (${fallbackReason(sample.baseline.fallbackReasons)})`
    : '';
  if (sample.breaches.length > 0) return `${subject} ${what}: ${formatBreaches(sample.breaches)}${baseline}`;
  const values = formatValues(sample.values);
  return `${values === '' ? `${subject} ${what}` : `${subject} ${what} (${values})`}${baseline}`;
}

/**
 * `promoted lukhas-agi-v3 → production (lat=420ms, err=0.8%)`, with `drift=…` only when drift is given.
 *
 * @example canaryPromoted({ modelId: 'lukhas-agi-v3', toGate: 'production', values: { latency_p95_ms: 420, error_rate: 0.008 } })
 */
export function canaryPromoted(input: CanaryPromotedInput): string {
  const values = formatValues(input.values ?? {});
  const line = `promoted ${sanitizeText(input.modelId)} → ${sanitizeText(input.toGate)}`;
  return values === '' ? line : `${line} (${values})`;
}

/**
 * `rolled back lukhas-agi-v3 → stage (SLO breach at sample 3: lat=900ms > 500ms)`,
 * `… (insufficient data: 2 of 3 real samples)`, `… (aborted: manual override)`, or against a
 * baseline `rolled back lukhas-agi-v3 → stage: latency +33% vs baseline (p=0.0004, allowed +10%)`.
 */
export function canaryRolledBack(input: CanaryRolledBackInput): string {
  const subject = `rolled back ${sanitizeText(input.modelId)} → ${sanitizeText(input.fromGate)}`;
  if (input.rule === 'baseline_regression') {
    const regressions = input.regressions.map(baselineRegression).join('; ');
    return regressions === '' ? `${subject} (regression vs baseline)` : `${subject}: ${regressions}`;
  }
  return `${subject} (${rollbackCause(input)})`;
}

/**
 * `canary lukhas-agi-v3 → webhook on_promote delivered after 1 attempt`,
 * `… → webhook confirm_promotion failed after 3 attempts: timeout` (or `: HTTP 5xx`), or
 * `… → webhook on_rollback refused: target not allowed`.
 */
export function webhookCalled(input: WebhookCalledInput): string {
  const attempts = `after ${input.attempts} ${input.attempts === 1 ? 'attempt' : 'attempts'}`;
  const hook = `${canarySubject(input.modelId)} → webhook ${sanitizeText(input.hook)}`;
  const failure = sanitizeText(input.failure ?? '');
  if (input.outcome === 'delivered') return `${hook} delivered ${attempts}`;
  if (input.outcome === 'refused')
    return `${hook} refused: ${failure === '' ? 'target not allowed' : failure}`;
  return `${hook} failed ${attempts}: ${failure === '' ? 'no answer' : failure}`;
}

/** `canary lukhas-agi-v3 → promotion to production blocked (confirm_promotion answered HTTP 4xx)` */
export function promotionBlocked(input: PromotionBlockedInput): string {
  const reason = sanitizeText(input.reason);
  const line = `${canarySubject(input.modelId)} → promotion to ${sanitizeText(input.toGate)} blocked`;
  return reason === '' ? line : `${line} (${reason})`;
}

function canarySubject(modelId: string): string {
  return `canary ${sanitizeText(modelId)}`;
}

function formatValues(values: SloValues): string {
  const parts: string[] = [];
  for (const metric of METRIC_ORDER) {
    const value = values[metric];
    if (value !== null && value !== undefined) parts.push(formatMetric(metric, value));
  }
  return parts.join(', ');
}

function fallbackReason(reasons: CanarySampleFacts['fallbackReasons']): string {
  // One outage usually explains every metric: say it once.
  const distinct = [...new Set(METRIC_ORDER.map((metric) => reasons[metric]).filter((reason) => reason))];
  const text = sanitizeText(distinct.join('; '));
  return text === '' ? 'no reading' : text;
}

function rollbackCause(cause: Exclude<RollbackCause, { rule: 'baseline_regression' }>): string {
  switch (cause.rule) {
    case 'breach_limit': {
      const breaches = formatBreaches(cause.sample.breaches);
      const at = `SLO breach at sample ${cause.sample.seq}`;
      return breaches === '' ? at : `${at}: ${breaches}`;
    }
    case 'insufficient_data': {
      const noun = cause.minSamples === 1 ? 'real sample' : 'real samples';
      return `insufficient data: ${cause.realSamples} of ${cause.minSamples} ${noun}`;
    }
    case 'abort': {
      const reason = sanitizeText(cause.reason ?? '');
      return reason === '' ? 'aborted' : `aborted: ${reason}`;
    }
    case 'router_failed': {
      const reason = sanitizeText(cause.reason);
      return reason === '' ? 'traffic router failed' : `traffic router failed: ${reason}`;
    }
  }
}
