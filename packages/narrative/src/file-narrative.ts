/**
 * Narrative messages for file operations (`LUKHAS_FILE_OPS=1`): who changed which file of the
 * repository and by how many lines, e.g. `key:ab12cd34 → patched configs/slo-prod.json (+3 −1)`.
 * The subject is the operator: an edit is a person's (or an assistant's key's) act, and `why
 * <path>` reads as the list of who did what to that file.
 */
import { sanitizeText } from './sanitize-text.ts';

/** One change of one file. */
export interface FileChangedInput {
  /** The audit label of the caller (`key:ab12cd34`, `oauth:<sub>`, `local`). */
  readonly operator: string;
  /** The path relative to the repository root. */
  readonly path: string;
  readonly change: 'created' | 'replaced' | 'patched';
  /** Lines added and removed, as the unified diff of the change counts them. */
  readonly added: number;
  readonly removed: number;
}

/**
 * `key:ab12cd34 → patched configs/slo-prod.json (+3 −1)`
 *
 * @example fileChanged({ operator: 'local', path: 'prompts/triage.md', change: 'created', added: 12, removed: 0 })
 * // 'local → created prompts/triage.md (+12 −0)'
 */
export function fileChanged(input: FileChangedInput): string {
  // A path is bounded by the tools (1024) but a line should stay readable: keep its end, the name.
  return `${sanitizeText(input.operator)} → ${input.change} ${sanitizeText(input.path, 300)} (+${input.added} −${input.removed})`;
}
