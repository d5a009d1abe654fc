export { isTempFileName } from './atomic-write.ts';
export {
  createFileOperations,
  type FileChange,
  type FileChangeKind,
  type FileOperations,
  type FileOperationsOptions,
  type FileRead,
} from './file-operations.ts';
export { FileOpsError, type FileOpsErrorCode, isFileOpsError } from './file-ops-error.ts';
export {
  DEFAULT_FILE_OPS_MAX_BYTES,
  type FileOpsSettings,
  MAX_FILE_OPS_MAX_BYTES,
  parseFileOpsSettings,
} from './file-ops-settings.ts';
export type { FileEntry, FileListing } from './list-files.ts';
