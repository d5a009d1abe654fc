/**
 * The shape every package's benchmark writes to its `bench/results.json`, and that `pnpm bench`
 * (scripts/bench.mjs) gathers into BENCHMARKS.md and BENCHMARKS.json. Types only: a package's bench
 * imports them with `import type`, so nothing from here runs inside a package.
 *
 * @example
 * const results: BenchResults = {
 *   suite: 'persistence',
 *   title: '5000 atomic transitions per shape, temp-file SQLite: statement cache on vs off',
 *   command: 'pnpm --filter @lukhas/persistence bench',
 *   measuredAt: new Date().toISOString(),
 *   rows: [
 *     {
 *       figure: 'canary sample, statement cache on',
 *       unit: 'transitions/s',
 *       value: 9200,
 *       comparison: { label: 'statement cache off', value: 7100 },
 *       better: 'higher',
 *     },
 *   ],
 * };
 */

/** One package's figures from one run. */
export interface BenchResults {
  /** Short name of the suite, as the report's heading: `persistence`, `sse-bus`. */
  readonly suite: string;
  /** One line: what was measured, against what, on which set-up. */
  readonly title: string;
  /** How to rerun only this suite. */
  readonly command: string;
  /** When the figures were taken (ISO 8601); the report ignores a file older than its run. */
  readonly measuredAt: string;
  readonly rows: readonly BenchRow[];
  /** Everything else the package measured, as it likes; copied into BENCHMARKS.json unread. */
  readonly details?: unknown;
}

/** One figure and, where the run measured one, what it is compared with. */
export interface BenchRow {
  /** Rows with the same group are shown under one sub-heading: `10,000 subscribers`. */
  readonly group?: string;
  readonly figure: string;
  readonly unit: string;
  /** `NaN` (written as `null`) when the run could not measure it. */
  readonly value: number;
  /** Measured in the same run. The report adds `ratio` = value ÷ comparison.value. */
  readonly comparison?: { readonly label: string; readonly value: number };
  /** Which way is better, for the value and the comparison alike. */
  readonly better: 'higher' | 'lower';
  readonly note?: string;
}
