export { DocumentError, type DocumentErrorCode, isDocumentError } from './document-error.ts';
export { parseDocumentId } from './document-id.ts';
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
export type { ScanSkipped } from './scan-documents.ts';
