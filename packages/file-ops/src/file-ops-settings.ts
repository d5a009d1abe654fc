/**
 * The file operations' settings and their one parser of the environment: off unless
 * `LUKHAS_FILE_OPS=1`; the root is the server's `LUKHAS_REPO_ROOT`.
 */
import path from 'node:path';
import { isDocumentError, parseIncludePatterns } from '@lukhas/documents';
import { FileOpsError } from './file-ops-error.ts';

/** Largest file read or written by default: 1 MiB. */
export const DEFAULT_FILE_OPS_MAX_BYTES = 1024 * 1024;

/** The largest `LUKHAS_FILE_OPS_MAX_BYTES` accepted: 64 MiB (a whole file is held in memory to hash and diff). */
export const MAX_FILE_OPS_MAX_BYTES = 64 * 1024 * 1024;

/** What the file operations run with. */
export interface FileOpsSettings {
  /** The repository root (absolute); nothing outside it is ever read or written. */
  readonly root: string;
  /** Largest file read, listed as text, or written (bytes). */
  readonly maxBytes: number;
  /** `LUKHAS_FILE_OPS_ALLOW`: when set, only matching paths may be written (same globs as LUKHAS_DOCS_INCLUDE). */
  readonly allow?: readonly string[];
  /** Files never read or written, whatever their name (the task file, with its task `env` secrets). */
  readonly deniedFiles?: readonly string[];
}

/**
 * Reads `LUKHAS_FILE_OPS`, `LUKHAS_FILE_OPS_MAX_BYTES` and `LUKHAS_FILE_OPS_ALLOW`. Returns null
 * when file operations are off (the default); throws `INVALID_FILE_OPS_OPTIONS` naming the
 * variable and its value when one cannot be used.
 *
 * @example parseFileOpsSettings({ LUKHAS_FILE_OPS: '1', LUKHAS_FILE_OPS_ALLOW: 'configs/**' }, { repoRoot: '/srv/repo' })
 * // { root: '/srv/repo', maxBytes: 1048576, allow: ['configs/**'] }
 */
export function parseFileOpsSettings(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly repoRoot: string; readonly deniedFiles?: readonly string[] },
): FileOpsSettings | null {
  if (!parseEnabled(env.LUKHAS_FILE_OPS)) return null;
  const allow = parseAllow(env.LUKHAS_FILE_OPS_ALLOW);
  return {
    root: path.resolve(options.repoRoot),
    maxBytes: parseMaxBytes(env.LUKHAS_FILE_OPS_MAX_BYTES),
    ...(allow === undefined ? {} : { allow }),
    ...(options.deniedFiles === undefined ? {} : { deniedFiles: options.deniedFiles }),
  };
}

function parseEnabled(value: string | undefined): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === '0' || text === 'false' || text === 'off' || text === 'no') return false;
  if (text === '1' || text === 'true' || text === 'on' || text === 'yes') return true;
  throw new FileOpsError(
    'INVALID_FILE_OPS_OPTIONS',
    `LUKHAS_FILE_OPS=${JSON.stringify(value)} is not a switch: set it to 1 to enable file operations over MCP, or leave it unset (off).`,
  );
}

function parseMaxBytes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_FILE_OPS_MAX_BYTES;
  const bytes = Number(value.trim());
  if (
    !/^\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(bytes) ||
    bytes < 1 ||
    bytes > MAX_FILE_OPS_MAX_BYTES
  ) {
    throw new FileOpsError(
      'INVALID_FILE_OPS_OPTIONS',
      `LUKHAS_FILE_OPS_MAX_BYTES=${JSON.stringify(value)} must be a whole number of bytes from 1 to ${MAX_FILE_OPS_MAX_BYTES} (default ${DEFAULT_FILE_OPS_MAX_BYTES}, 1 MiB).`,
    );
  }
  return bytes;
}

function parseAllow(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    const patterns = parseIncludePatterns(value.split(','), 'LUKHAS_FILE_OPS_ALLOW');
    return patterns.length === 0 ? undefined : patterns;
  } catch (error) {
    if (!isDocumentError(error)) throw error;
    throw new FileOpsError(
      'INVALID_FILE_OPS_OPTIONS',
      error.message.replace(/e\.g\. "docs\/\*\*,\*\.md"/, 'e.g. "configs/**,prompts/**"'),
      {
        cause: error,
      },
    );
  }
}
