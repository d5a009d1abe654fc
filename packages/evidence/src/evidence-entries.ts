/**
 * The text of each data entry of an evidence pack, generated row by row from the store's paged
 * reads and handed on in ~64 KiB batches: nothing here holds more than one batch at a time.
 */
import type { AuditEntry, CanaryRecord, NarrativeEntry, StoredSample } from '@lukhas/core';
import { type CsvCell, csvRow } from './csv-row.ts';
import type { RowCounter } from './hashed-entry.ts';
import type { EvidenceRange } from './parse-evidence-range.ts';
import { type TextBatch, textBatch } from './text-batch.ts';

/** The store reads a pack is built from (the cockpit's store has them all). */
export interface EvidenceStore {
  auditsBetween(range: EvidenceRange): AsyncIterable<AuditEntry>;
  narrativeBetween(range: EvidenceRange): AsyncIterable<NarrativeEntry>;
  samplesBetween(range: EvidenceRange): AsyncIterable<StoredSample & { readonly id: number }>;
  canariesDecidedBetween(range: EvidenceRange): AsyncIterable<CanaryRecord>;
  /**
   * The audit rows with `entityType` `file` in range, in `auditsBetween`'s order. Optional: without
   * it, file-changes.json filters `auditsBetween` itself (the same rows, one more scan of them all).
   */
  fileAuditsBetween?(range: EvidenceRange): AsyncIterable<AuditEntry>;
  /**
   * `auditsBetween`'s rows a page at a time. Optional: without it the rows are taken one by one
   * (the same bytes, an async step more per row).
   */
  auditPagesBetween?(range: EvidenceRange): AsyncIterable<readonly AuditEntry[]>;
  /** The `line` of each of `narrativeBetween`'s entries, a page at a time. Optional, like the one above. */
  narrativeLinePagesBetween?(range: EvidenceRange): AsyncIterable<readonly string[]>;
}

/** A JSON array written one element per line: `[`, elements joined by `,`, `]`. */
export async function* jsonArray<T>(
  rows: AsyncIterable<T>,
  toJson: (row: T) => unknown,
  counter: RowCounter,
): AsyncGenerator<string, void, undefined> {
  const batch = textBatch();
  batch.add('[');
  for await (const row of rows) {
    const full = batch.add(`${counter.rows === 0 ? '\n' : ',\n'}${JSON.stringify(toJson(row))}`);
    counter.rows += 1;
    if (full !== undefined) yield full;
  }
  batch.add(counter.rows === 0 ? ']\n' : '\n]\n');
  yield* rest(batch);
}

/** The header of `audits.csv`. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'created_at',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'details',
];

/** Where text written aside goes (a spooled entry): it counts its rows and takes text with back-pressure. */
export interface TextSink {
  readonly counter: RowCounter;
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

/**
 * `audits.json` (every audit row in range, as stored), with `audits.csv` (the same rows, `details`
 * as a JSON cell) written to `csv` from the same scan: the rows are read and mapped once for both.
 * `csv` is ended before the last piece of `audits.json` is handed on.
 */
export async function* auditsJsonAndCsv(
  store: EvidenceStore,
  range: EvidenceRange,
  counter: RowCounter,
  csv: TextSink,
): AsyncGenerator<string, void, undefined> {
  const json = textBatch();
  const table = textBatch();
  json.add('[');
  table.add(csvRow(AUDIT_CSV_COLUMNS));
  const pages = store.auditPagesBetween?.(range) ?? onePerPage(store.auditsBetween(range));
  for await (const page of pages) {
    for (const audit of page) {
      const fullJson = json.add(`${counter.rows === 0 ? '\n' : ',\n'}${JSON.stringify(audit)}`);
      const fullCsv = table.add(auditCsvRow(audit));
      counter.rows += 1;
      csv.counter.rows += 1;
      if (fullCsv !== undefined) await csv.write(fullCsv);
      if (fullJson !== undefined) yield fullJson;
    }
  }
  json.add(counter.rows === 0 ? ']\n' : '\n]\n');
  const lastCsv = table.rest();
  if (lastCsv !== undefined) await csv.write(lastCsv);
  await csv.end();
  yield* rest(json);
}

function auditCsvRow(audit: AuditEntry): string {
  return csvRow([
    audit.id,
    audit.createdAt,
    audit.actor,
    audit.action,
    audit.entityType,
    audit.entityId,
    JSON.stringify(audit.details),
  ]);
}

/**
 * `narrative.txt`: one `[YYYY-MM-DD HH:MM] subject → what` line per row. A line break inside a
 * message is written as the two characters `\n`, so one row stays one line.
 */
export async function* narrativeText(
  store: EvidenceStore,
  range: EvidenceRange,
  counter: RowCounter,
): AsyncGenerator<string, void, undefined> {
  const batch = textBatch();
  const pages = store.narrativeLinePagesBetween?.(range) ?? onePerPage(narrativeLines(store, range));
  for await (const page of pages) {
    for (const line of page) {
      const full = batch.add(`${line.replace(/\r\n|\r|\n/g, '\\n')}\n`);
      counter.rows += 1;
      if (full !== undefined) yield full;
    }
  }
  yield* rest(batch);
}

async function* narrativeLines(store: EvidenceStore, range: EvidenceRange): AsyncGenerator<string> {
  for await (const entry of store.narrativeBetween(range)) yield entry.line;
}

// A store without page reads: its rows one to a page.
async function* onePerPage<T>(rows: AsyncIterable<T>): AsyncGenerator<readonly T[]> {
  for await (const row of rows) yield [row];
}

/** The header of `canary-samples.csv`. */
export const SAMPLE_CSV_COLUMNS = [
  'id',
  'canary_id',
  'model_id',
  'gate',
  'seq',
  'at',
  'latency_p95_ms',
  'error_rate',
  'drift',
  'observed_latency_p95_ms',
  'observed_error_rate',
  'observed_drift',
  'fallback',
  'fallback_reasons',
  'breached',
  'breaches',
  // The baseline gate read beside the sample (a policy with `baseline`); empty without one.
  // Appended after the canary's columns, so a reader of the older pack finds them where they were.
  'baseline_gate',
  'baseline_latency_p95_ms',
  'baseline_error_rate',
  'baseline_drift',
  'baseline_observed_latency_p95_ms',
  'baseline_observed_error_rate',
  'baseline_observed_drift',
  'baseline_fallback',
  'baseline_fallback_reasons',
];

/**
 * `canary-samples.csv`: every judged sample in range; judged values, raw readings, breaches, and
 * the baseline's reading taken with it (kept values, raw values, fallback and why).
 */
export async function* samplesCsv(
  store: EvidenceStore,
  range: EvidenceRange,
  counter: RowCounter,
): AsyncGenerator<string, void, undefined> {
  const batch = textBatch();
  batch.add(csvRow(SAMPLE_CSV_COLUMNS));
  for await (const sample of store.samplesBetween(range)) {
    const full = batch.add(
      csvRow([
        sample.id,
        sample.canaryId,
        sample.modelId,
        sample.gate,
        sample.seq,
        new Date(sample.at).toISOString(),
        sample.values.latency_p95_ms,
        sample.values.error_rate,
        sample.values.drift,
        sample.observed.latency_p95_ms,
        sample.observed.error_rate,
        sample.observed.drift,
        sample.fallback,
        JSON.stringify(sample.fallbackReasons),
        sample.breached,
        JSON.stringify(sample.breaches),
        ...baselineCells(sample.baseline),
      ]),
    );
    counter.rows += 1;
    if (full !== undefined) yield full;
  }
  yield* rest(batch);
}

// What a batch holds after the last row, if anything.
function* rest(batch: TextBatch): Generator<string, void, undefined> {
  const last = batch.rest();
  if (last !== undefined) yield last;
}

// The baseline columns of one sample: empty cells for a sample taken without a baseline.
function baselineCells(baseline: StoredSample['baseline']): CsvCell[] {
  if (baseline === undefined) return Array<CsvCell>(9).fill(null);
  const { gate, values, observed, fallback, fallbackReasons } = baseline;
  return [
    gate,
    values.latency_p95_ms,
    values.error_rate,
    values.drift,
    observed.latency_p95_ms,
    observed.error_rate,
    observed.drift,
    fallback,
    JSON.stringify(fallbackReasons),
  ];
}

/** `decisions.json`: the canaries decided in range, each with its decision and full math. */
export function decisionsJson(store: EvidenceStore, range: EvidenceRange, counter: RowCounter) {
  return jsonArray(
    store.canariesDecidedBetween(range),
    (canary) => ({
      canaryId: canary.canaryId,
      modelId: canary.modelId,
      fromGate: canary.fromGate,
      toGate: canary.toGate,
      status: canary.status,
      operator: canary.operator,
      startedAt: canary.startedAt,
      windowEndsAt: canary.windowEndsAt,
      decidedAt: canary.decidedAt,
      policy: canary.policy,
      decision: canary.decision,
      math: canary.math,
    }),
    counter,
  );
}

/** One change of a repository file (file operations), as `file-changes.json` lists it. */
export interface FileChangeEvidence {
  readonly id: number;
  readonly at: string;
  readonly operator: string;
  /** `file.created`, `file.replaced`, `file.patched`, or `file.write_failed`. */
  readonly action: string;
  readonly path: string;
  readonly beforeSha256: string | null;
  readonly afterSha256: string | null;
  readonly added: number | null;
  readonly removed: number | null;
  /** The unified diff of the change; null for a failed write. */
  readonly diff: string | null;
}

/**
 * `file-changes.json`: every change of a repository file in range (the file operations' audit
 * rows), with who made it, the hashes before and after, and the unified diff, oldest first: what
 * an operator reads to see, and undo, exactly what changed.
 */
export function fileChangesJson(store: EvidenceStore, range: EvidenceRange, counter: RowCounter) {
  const audits = store.fileAuditsBetween?.(range) ?? fileAudits(store.auditsBetween(range));
  return jsonArray(audits, toFileChange, counter);
}

async function* fileAudits(audits: AsyncIterable<AuditEntry>): AsyncGenerator<AuditEntry> {
  for await (const audit of audits) if (audit.entityType === 'file') yield audit;
}

function toFileChange(audit: AuditEntry): FileChangeEvidence {
  const details = audit.details;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const count = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    id: audit.id,
    at: audit.createdAt,
    operator: audit.actor,
    action: audit.action,
    path: audit.entityId,
    beforeSha256: text(details.beforeSha256),
    afterSha256: text(details.afterSha256),
    added: count(details.added),
    removed: count(details.removed),
    diff: text(details.diff),
  };
}
