export { type CsvCell, csvCell, csvRow } from './csv-row.ts';
export type { EvidenceStore } from './evidence-entries.ts';
export { EvidenceError, type EvidenceErrorCode, isEvidenceError } from './evidence-error.ts';
export type { EntryDigest } from './hashed-entry.ts';
export {
  type EvidenceRange,
  type EvidenceRangeInput,
  MAX_EVIDENCE_RANGE_DAYS,
  parseEvidenceRange,
  safeParseEvidenceRange,
} from './parse-evidence-range.ts';
export {
  EVIDENCE_FILES,
  EVIDENCE_FORMAT,
  type EvidencePackOptions,
  type EvidencePackSummary,
  writeEvidencePack,
} from './write-evidence-pack.ts';
