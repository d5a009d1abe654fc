import { DocumentError } from './document-error.ts';
import { documentTitle } from './document-title.ts';
import { documentUrl } from './document-url.ts';
import type { DocumentFileRead } from './read-document-file.ts';
import { notFound } from './resolve-document-path.ts';

/** A fetched document: the ChatGPT connector's `fetch` result. */
export interface FetchedDocument {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly url: string;
  readonly metadata: {
    /** Path relative to the root (equal to the id). */
    readonly path: string;
    readonly bytes: number;
    /** ISO 8601. */
    readonly modifiedAt: string;
    readonly sha256: string;
  };
}

/**
 * Turns what reading the file behind `id` found into the fetched document, or into the error
 * that tells the caller why there is none.
 *
 * @example const document = toFetchedDocument('README.md', read, { root, baseUrl: undefined, maxFileBytes });
 */
export function toFetchedDocument(
  id: string,
  read: DocumentFileRead,
  options: { readonly root: string; readonly baseUrl: string | undefined; readonly maxFileBytes: number },
): FetchedDocument {
  switch (read.kind) {
    case 'not-a-file':
      throw notFound(id);
    case 'too-big':
      throw new DocumentError(
        'DOCUMENT_TOO_LARGE',
        `"${id}" is ${read.bytes} bytes, above the ${options.maxFileBytes}-byte limit for documents.`,
        { documentId: id },
      );
    case 'binary':
      throw new DocumentError('DOCUMENT_BINARY', `"${id}" is a binary file, not a text document.`, {
        documentId: id,
      });
    case 'text':
      return {
        id,
        title: documentTitle(id, read.text),
        text: read.text,
        url: documentUrl(id, options),
        metadata: {
          path: id,
          bytes: read.bytes,
          modifiedAt: new Date(read.mtimeMs).toISOString(),
          sha256: read.sha256,
        },
      };
  }
}
