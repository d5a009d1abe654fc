export { decisionDifference, formatSeconds } from './decision-difference.ts';
export {
  type DecisionTotals,
  type NamedReplay,
  type PolicyComparison,
  type PolicyComparisonCanary,
  type PolicyDecision,
  type PolicyTotals,
  policyComparison,
} from './policy-comparison.ts';
export {
  type PrometheusReplayOptions,
  prometheusReplaySource,
  type RangeQuerier,
  type RangeStep,
} from './prometheus-replay-source.ts';
export { describeRecordedDays, type RecordedDays, recordedDays } from './recorded-days.ts';
export { type RejudgedSamples, type RejudgeOptions, rejudgeSamples } from './rejudge-samples.ts';
export {
  type PolicyComparisonHtmlOptions,
  renderPolicyComparisonHtml,
} from './render-policy-comparison-html.ts';
export { type ReplayHtmlOptions, renderReplayHtml } from './render-replay-html.ts';
export { renderPolicyComparisonJson, renderReplayJson } from './render-replay-json.ts';
export { parseReplayBounds, type ReplayBounds, type ReplayWindowInput } from './replay-bounds.ts';
export { isReplayError, ReplayError, type ReplayErrorCode } from './replay-error.ts';
export { type ReplayFromSourceInput, replayFromSource } from './replay-from-source.ts';
export {
  type NamedPolicy,
  parseNamedPolicies,
  type ReplayPoliciesInput,
  replayPoliciesFromSource,
} from './replay-policies.ts';
export type {
  ActualDecision,
  BaselineCoverage,
  CanaryReplay,
  CounterfactualDecision,
  DecisionDifference,
  DifferenceKind,
  ReplayCanary,
  ReplayResult,
  ReplaySample,
  ReplayTotals,
  SkippedCanary,
} from './replay-result.ts';
export {
  type ReplayData,
  type ReplayQuery,
  type ReplaySource,
  type ReplayStore,
  storeReplaySource,
} from './replay-source.ts';
export { type ReplayInput, replayWindow } from './replay-window.ts';
export { type RangeSampleOptions, type RangeSamplePoint, samplesFromRange } from './samples-from-range.ts';
