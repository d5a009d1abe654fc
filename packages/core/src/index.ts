export {
  type AllowedIncrease,
  type BaselineComparison,
  type BaselineComparisonInput,
  type BaselineVerdict,
  compareWithBaseline,
  DEFAULT_JUDGE_CONFIDENCE,
  median,
} from './baseline-comparison.ts';
export { baselineDecision, compareAt } from './baseline-decision.ts';
export { baselineGate, baselineMetrics, judgeBaselineSample } from './baseline-sample.ts';
export {
  type CanaryDecision,
  type CanaryVerdict,
  type DecisionInput,
  decideCanary,
  mayDecide,
} from './canary-decision.ts';
export type { CanaryLease, CanaryLeaseStore, LeaseFence, ReplicaHeartbeats } from './canary-leases.ts';
export {
  type CanaryRequest,
  type CanaryRequestParseResult,
  parseCanaryRequest,
  StartCanaryArgumentsSchema,
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
export {
  type CanaryStep,
  isManualPause,
  isSetWeightStep,
  MAX_STEPS,
  type PauseStep,
  type SetWeightStep,
  timedPauseSeconds,
} from './canary-steps.ts';
export {
  AbortCanaryArgumentsSchema,
  CanaryWithSamplesSchema,
  GetCanaryArgumentsSchema,
  ListCanariesArgumentsSchema,
  ListCanariesResultSchema,
  PromoteCanaryArgumentsSchema,
} from './canary-tool-schemas.ts';
export {
  CockpitError,
  type CockpitErrorOptions,
  hasErrorCode,
  isCockpitError,
  messageOf,
} from './cockpit-error.ts';
export {
  FetchArgumentsSchema,
  FetchedDocumentSchema,
  SearchArgumentsSchema,
  SearchResultSchema,
} from './document-tool-schemas.ts';
export { DomainError, type DomainErrorCode, isDomainError, type ValidationIssue } from './errors.ts';
export {
  ApplyPatchArgumentsSchema,
  FILE_LIST_LIMIT,
  FileChangeResultSchema,
  FileEntrySchema,
  ListFilesArgumentsSchema,
  ListFilesResultSchema,
  MAX_FILE_PATH_LENGTH,
  ReadFileArgumentsSchema,
  ReadFileResultSchema,
  WriteFileArgumentsSchema,
} from './file-tool-schemas.ts';
export { type HodgesLehmann, hodgesLehmann } from './hodges-lehmann.ts';
export { createIdGenerator, createSequentialIdGenerator } from './ids.ts';
export { isoTime } from './iso-time.ts';
export type { JobClaims } from './job-claims.ts';
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
  CancelJobArgumentsSchema,
  GetJobArgumentsSchema,
  ListJobsArgumentsSchema,
  ListJobsResultSchema,
  RunEvalArgumentsSchema,
  RunEvalResultSchema,
} from './job-tool-schemas.ts';
export {
  type JudgeSampleOptions,
  judgeSample,
  METRIC_TARGETS,
  metricsToSample,
  SLO_METRICS,
  type TakenReading,
  targetedMetrics,
} from './judge-sample.ts';
export { createKeyedSerial, type KeyedSerial } from './keyed-serial.ts';
export { type MannWhitneyU, mannWhitneyU } from './mann-whitney-u.ts';
export {
  chooseMwuMethod,
  MWU_EXACT_MAX_SIZE,
  type MwuMethod,
  type MwuNullCdf,
  type MwuNullParameters,
  mwuNullCdf,
  mwuStandardDeviation,
} from './mwu-null-distribution.ts';
export { normalCdf, normalDensity, normalSf } from './normal-cdf.ts';
export {
  OUTBOX_HANDOFF_MS,
  OUTBOX_MAX_ATTEMPTS,
  type OutboxEntry,
  type OutboxMessage,
  type OutboxSettlement,
  type OutboxStats,
  type OutboxStore,
  outboxRetryDelayMs,
} from './outbox.ts';
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
  RouterCall,
  SloMonitor,
  SloQuery,
  StoredSample,
  TimerHandle,
  Timers,
  TrafficRouter,
  TrafficSplit,
  TransitionRecord,
  TransitionRecorder,
} from './ports.ts';
export { CANARY_LIST_LIMIT, JOB_LIST_LIMIT, STORE_ERROR, type StoreErrorCode } from './ports.ts';
export {
  CanaryDecisionRuleSchema,
  CanaryRecordSchema,
  CanaryStatusSchema,
  CanaryStepSchema,
  CanaryTrafficSchema,
  ComparisonMathSchema,
  DecisionMathSchema,
  IsoTimeSchema,
  JobRecordSchema,
  JobStatusSchema,
  PolicySchema,
  SampleSchema,
  StepMathSchema,
  StepsMathSchema,
} from './record-schemas.ts';
export type {
  AuditEntry,
  BaselineSample,
  BreachMetric,
  CanaryDecisionRule,
  CanaryDecisionSummary,
  CanaryEventType,
  CanaryPromotionRecord,
  CanaryRecord,
  CanarySample,
  CanaryStatus,
  CanaryTraffic,
  CanaryWebhooks,
  CockpitEvent,
  ComparisonMath,
  ComparisonsMath,
  DecisionMath,
  DecisionMathSample,
  EntityKind,
  EventKind,
  FileEventType,
  JobEventType,
  JobRecord,
  JobStatus,
  ModelRecord,
  NarrativeEntry,
  SampleBreach,
  SloMetric,
  SloReading,
  StepMath,
  StepsMath,
} from './records.ts';
export { compareSampleOrder, inSampleOrder, type TimedSample } from './sample-order.ts';
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
export { createSerialQueue, type SerialQueue } from './serial-queue.ts';
export { sleep } from './sleep.ts';
export {
  CONSERVATIVE_VALUES,
  POLICY_DEFAULTS,
  type PolicyParseOptions,
  parseSloPolicy,
  type SloPolicy,
  SloPolicyInputSchema,
  type SloPolicyParseResult,
  type SloTargets,
  safeParseSloPolicy,
  TargetsInputSchema,
} from './slo-policy.ts';
export {
  ACTIVE_JOB_STATUSES,
  CANARY_DECISION_OUTCOMES,
  CANARY_DECISION_RULES,
  CANARY_EVENT_TYPES,
  CANARY_STATUSES,
  type CanaryDecisionOutcome,
  DECIDED_CANARY_STATUSES,
  FILE_EVENT_TYPES,
  JOB_EVENT_TYPES,
  JOB_STATUSES,
  TERMINAL_JOB_STATUSES,
  UNDECIDED_CANARY_STATUSES,
} from './statuses.ts';
export { type CanaryPromotion, type StepProgress, walkSteps } from './step-timeline.ts';
export { systemClock } from './system-clock.ts';
export { systemTimers } from './system-timers.ts';
export {
  idArgument,
  limitArgument,
  MAX_ID_LENGTH,
  MAX_TEXT_LENGTH,
  textArgument,
  toolArguments,
} from './tool-arguments.ts';
export {
  FILE_TOOL_NAMES,
  TOOL_CONTRACT,
  TOOL_NAMES,
  type ToolArguments,
  type ToolName,
  type ToolResult,
} from './tool-contract.ts';
export { isRecord } from './validation.ts';
export {
  WhyArgumentsSchema,
  WhyMathArgumentsSchema,
  WhyMathResultSchema,
  WhyResultSchema,
} from './why-tool-schemas.ts';
