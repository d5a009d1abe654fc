/**
 * Histogram buckets the metrics contract fixes (the alert rules and the dashboard read `le` values
 * from them: the latency SLO is the share of requests under `le="0.5"`).
 */

/** Request and tool-call latency, seconds. */
export const LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** From a canary's first breaching sample to its rollback, seconds. */
export const BREACH_TO_ROLLBACK_BUCKETS: readonly number[] = [0, 1, 5, 15, 30, 60, 120, 300, 600];
