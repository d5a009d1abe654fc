export {
  type CanaryDecision,
  type CanaryVerdict,
  type DecisionInput,
  type DecisionMath,
  type DecisionMathSample,
  decideCanary,
} from './canary-decision.ts';
export {
  type CanaryRequest,
  type CanaryRequestParseResult,
  parseCanaryRequest,
  safeParseCanaryRequest,
} from './canary-request.ts';
export {
  CANARY_CREATED_EVENT,
  CANARY_TRANSITIONS,
  type CanaryTransition,
  type CanaryTransitionRule,
  canaryEventFor,
  canaryTransitionFor,
  canTransitionCanary,
  isDecidedCanaryStatus,
  nextCanaryStatus,
} from './canary-state.ts';
export { DomainError, type DomainErrorCode, isDomainError, type ValidationIssue } from './errors.ts';
export { createIdGenerator, createSequentialIdGenerator } from './ids.ts';
export {
  canTransitionJob,
  isTerminalJobStatus,
  JOB_CREATED_EVENT,
  JOB_TRANSITIONS,
  type JobTransition,
  type JobTransitionRule,
  jobEventFor,
  nextJobStatus,
} from './job-state.ts';
export {
  judgeSample,
  METRIC_TARGETS,
  metricsToSample,
  SLO_METRICS,
  type TakenReading,
  targetedMetrics,
} from './judge-sample.ts';
export {
  POLICY_BOUNDS,
  type PolicyBounds,
  policyBoundsIssues,
  resolvePolicyBounds,
} from './policy-bounds.ts';
export type {
  AuditFacts,
  AuditLog,
  AuditRecord,
  CanaryStore,
  Clock,
  CockpitStore,
  EventLog,
  EventPublisher,
  EventSelection,
  ExpectedStatus,
  IdGenerator,
  JobStore,
  NarrativeFacts,
  SloMonitor,
  SloQuery,
  StoredSample,
  TransitionRecord,
  TransitionRecorder,
} from './ports.ts';
export type {
  AuditEntry,
  CanaryDecisionRule,
  CanaryDecisionSummary,
  CanaryEventType,
  CanaryRecord,
  CanarySample,
  CanaryStatus,
  CanaryWebhooks,
  CockpitEvent,
  EntityKind,
  JobEventType,
  JobRecord,
  JobStatus,
  ModelRecord,
  NarrativeEntry,
  SampleBreach,
  SloMetric,
  SloReading,
} from './records.ts';
export {
  firstSlotDueFrom,
  lastSlotDueBy,
  maxSampleCount,
  type SampleSchedule,
  type SchedulePolicy,
  sampleDueAt,
  sampleSchedule,
  windowEndsAt,
} from './sample-schedule.ts';
export {
  CONSERVATIVE_VALUES,
  POLICY_DEFAULTS,
  type PolicyParseOptions,
  parseSloPolicy,
  type SloPolicy,
  type SloPolicyParseResult,
  type SloTargets,
  safeParseSloPolicy,
} from './slo-policy.ts';
export { systemClock } from './system-clock.ts';
