/**
 * The wire contract of the file operations (`LUKHAS_FILE_OPS=1`): `list_files`, `read_file`,
 * `write_file` and `apply_patch`, their arguments and results. Paths are relative to the
 * repository root (`LUKHAS_REPO_ROOT`), with forward slashes, as `search` and `fetch` use them.
 */
import * as v from 'valibot';
import { IsoTimeSchema } from './record-schemas.ts';
import { toolArguments } from './tool-arguments.ts';

/** Longest path accepted (the document ids' bound). */
export const MAX_FILE_PATH_LENGTH = 1024;

/** Most entries `list_files` returns (default {@link FILE_LIST_LIMIT}.default). */
export const FILE_LIST_LIMIT = { default: 200, max: 1000 } as const;

const SHA256 = /^[0-9a-f]{64}$/;

function pathArgument(description: string) {
  return v.pipe(
    v.string('expected path to be a path relative to the repository root, e.g. "configs/slo-prod.json"'),
    v.nonEmpty('expected path to be a non-empty path relative to the repository root'),
    v.maxLength(MAX_FILE_PATH_LENGTH, `expected path to be at most ${MAX_FILE_PATH_LENGTH} characters`),
    v.description(description),
  );
}

const expectedSha256Argument = v.optional(
  v.pipe(
    v.string('expected expectedSha256 to be the sha256 (64 hex digits) read_file returned'),
    v.regex(SHA256, 'expected expectedSha256 to be 64 lower-case hex digits, as read_file returns it'),
    v.description(
      'the sha256 of the content this change was made against (from read_file or list_files); when the file ' +
        'changed since, nothing is written and the answer is FILE_CHANGED with the current hash',
    ),
  ),
);

function lineArgument(name: string, description: string) {
  const expected = `expected ${name} to be a line number from 1`;
  return v.optional(
    v.pipe(v.number(expected), v.integer(expected), v.minValue(1, expected), v.description(description)),
  );
}

/** `list_files` arguments: a folder, a glob, how many. */
export const ListFilesArgumentsSchema = toolArguments(
  '`list_files` arguments: a folder under the root, a glob, how many.',
  {
    path: v.optional(pathArgument('the folder to list, relative to the repository root (default: the root)')),
    glob: v.optional(
      v.pipe(
        v.string('expected glob to be a pattern such as "**/*.json"'),
        v.maxLength(256, 'expected glob to be at most 256 characters'),
        v.description(
          'only paths (relative to the root) matching it, e.g. "configs/**" or "*.json" (* within a folder, ** across folders, ? one character)',
        ),
      ),
    ),
    limit: v.optional(
      v.pipe(
        v.number(`expected limit to be a whole number from 1 to ${FILE_LIST_LIMIT.max}`),
        v.integer(`expected limit to be a whole number from 1 to ${FILE_LIST_LIMIT.max}`),
        v.minValue(1, `expected limit to be a whole number from 1 to ${FILE_LIST_LIMIT.max}`),
        v.maxValue(
          FILE_LIST_LIMIT.max,
          `expected limit to be a whole number from 1 to ${FILE_LIST_LIMIT.max}`,
        ),
        v.description(
          `most entries to return (default ${FILE_LIST_LIMIT.default}, at most ${FILE_LIST_LIMIT.max})`,
        ),
      ),
    ),
  },
);

/** One file `list_files` found. */
export const FileEntrySchema = v.pipe(
  v.object({
    name: v.pipe(v.string(), v.description('its path relative to the repository root')),
    size: v.pipe(v.number(), v.description('bytes')),
    sha256: v.string(),
    modified: IsoTimeSchema,
  }),
  v.description('One file `list_files` found.'),
);

/** `list_files` result: the files, in path order. */
export const ListFilesResultSchema = v.pipe(
  v.object({
    path: v.pipe(v.string(), v.description('the folder listed ("" for the root)')),
    entries: v.array(FileEntrySchema),
    truncated: v.pipe(v.boolean(), v.description('true when limit cut the list short')),
  }),
  v.description(
    '`list_files` result: regular files under the folder, in path order; .gitignore, .git and secret-looking files left out.',
  ),
);

/** `read_file` arguments: a path and an optional line range. */
export const ReadFileArgumentsSchema = toolArguments('`read_file` arguments: a path, optionally lines.', {
  path: pathArgument('the file, relative to the repository root, e.g. "configs/slo-prod.json"'),
  startLine: lineArgument('startLine', 'first line to return, from 1 (default 1)'),
  endLine: lineArgument('endLine', 'last line to return, inclusive (default: the last line)'),
});

/** `read_file` result: the text (or the lines asked for) and the whole file's hash. */
export const ReadFileResultSchema = v.pipe(
  v.object({
    path: v.string(),
    text: v.pipe(v.string(), v.description('the file, or the lines startLine..endLine')),
    sha256: v.pipe(v.string(), v.description("the whole file's sha256: pass it as expectedSha256")),
    size: v.pipe(v.number(), v.description('bytes of the whole file')),
    totalLines: v.number(),
    startLine: v.number(),
    endLine: v.number(),
    modified: IsoTimeSchema,
  }),
  v.description("`read_file` result: the text (or the lines asked for) and the whole file's sha256."),
);

/** `write_file` arguments: a path, the whole new content, the hash it was made against. */
export const WriteFileArgumentsSchema = toolArguments(
  '`write_file` arguments: the path, the whole new text, and the sha256 it replaces.',
  {
    path: pathArgument('the file to create or replace, relative to the repository root'),
    content: v.pipe(
      v.string('expected content to be the whole new text of the file'),
      v.description('the whole new text (UTF-8); binary content is refused'),
    ),
    expectedSha256: expectedSha256Argument,
  },
);

/** `apply_patch` arguments: a path, a unified diff, the hash it was made against. */
export const ApplyPatchArgumentsSchema = toolArguments(
  '`apply_patch` arguments: the path, a unified diff, and the sha256 it was made against.',
  {
    path: pathArgument('the file to patch, relative to the repository root'),
    patch: v.pipe(
      v.string('expected patch to be a unified diff (diff -u, git diff)'),
      v.nonEmpty('expected patch to be a unified diff with at least one hunk'),
      v.description(
        'a unified diff of this one file ("@@ -l,s +l,s @@" hunks; ---/+++ headers optional); every hunk must apply exactly or nothing changes',
      ),
    ),
    expectedSha256: expectedSha256Argument,
  },
);

/** What `write_file` and `apply_patch` did. */
export const FileChangeResultSchema = v.pipe(
  v.object({
    path: v.string(),
    change: v.pipe(v.picklist(['created', 'replaced', 'patched']), v.description('what was done')),
    beforeSha256: v.pipe(v.nullable(v.string()), v.description('null when the file was created')),
    sha256: v.pipe(v.string(), v.description('the new content: pass it as expectedSha256 next time')),
    size: v.number(),
    added: v.pipe(v.number(), v.description('lines added')),
    removed: v.pipe(v.number(), v.description('lines removed')),
    diff: v.pipe(v.string(), v.description('the unified diff of the change, as the audit holds it')),
    eventId: v.pipe(v.number(), v.description('the SSE event id of the change (topic file/<path>)')),
  }),
  v.description('What `write_file` or `apply_patch` changed, as audited.'),
);
