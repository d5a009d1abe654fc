export { type DocumentAccess, type DocumentRefusal, resolveDocumentAccess } from './document-access.ts';
export { DocumentError, type DocumentErrorCode, isDocumentError } from './document-error.ts';
// The safe-path pieces the file operations (`@lukhas/file-ops`) share with search and fetch:
// one set of rules for what a client's path may be and which files are never touched.
export { isInsideRoot, parseDocumentId, type RelativePathWording } from './document-id.ts';
export {
  createDocumentIndex,
  type DocumentIndex,
  type DocumentIndexStats,
  type DocumentSearchResult,
} from './document-index.ts';
export {
  DEFAULT_DOCUMENT_EXTENSIONS,
  type DocumentIndexOptions,
  parseDocumentIndexSettings,
} from './document-index-options.ts';
export type { FetchedDocument } from './fetched-document.ts';
export { createGitignoreRules, type GitignoreRules } from './gitignore-rules.ts';
export { createIncludeMatcher, type IncludeMatcher, parseIncludePatterns } from './include-patterns.ts';
export { readUpTo } from './read-up-to.ts';
export type { ScanSkipped } from './scan-documents.ts';
export { isSecretLookingId, isSecretLookingName } from './secret-deny-list.ts';
