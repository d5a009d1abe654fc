/**
 * A canary and its samples as every canary tool shows them: webhook URLs cut to their origin,
 * sample times as ISO, the math left out of lists.
 */
import { redactWebhookUrl } from '@lukhas/canary-engine';
import type { CanaryRecord, CanarySample } from '@lukhas/core';

/**
 * A sample as the tools show it: its time as ISO, without the canary's own ids, with the baseline
 * gate's reading taken beside it (a policy with `baseline`).
 */
export function sampleView(sample: CanarySample) {
  return {
    seq: sample.seq,
    at: new Date(sample.at).toISOString(),
    observed: sample.observed,
    values: sample.values,
    fallback: sample.fallback,
    fallbackReasons: sample.fallbackReasons,
    breaches: sample.breaches,
    breached: sample.breached,
    ...(sample.baseline === undefined ? {} : { baseline: sample.baseline }),
  };
}

/**
 * A canary as every tool shows it: its webhook URLs cut to their origin (`https://hooks.example.com/…`).
 * Tokens live in their paths and queries, and every key holder may read any canary; the stored row
 * keeps the whole URL, which the engine needs to call it.
 */
export function canaryView(canary: CanaryRecord): CanaryRecord {
  if (canary.webhooks === null) return { ...canary };
  const webhooks = Object.fromEntries(
    Object.entries(canary.webhooks).map(([hook, url]) => [hook, redactWebhookUrl(String(url))]),
  );
  return { ...canary, webhooks };
}

/** A canary without its decision math, as lists show it. */
export function withoutMath(canary: CanaryRecord): Omit<CanaryRecord, 'math'> {
  const { math: _math, ...rest } = canary;
  return rest;
}

/** The failure for an id no canary has. */
export function unknownCanary(canaryId: string) {
  return `no canary ${JSON.stringify(canaryId)}; list_canaries shows the recent ones [CANARY_NOT_FOUND]`;
}
