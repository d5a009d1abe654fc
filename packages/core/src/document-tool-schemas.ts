/**
 * The wire contract of `search` and `fetch` (the ChatGPT connector contract): their arguments and
 * results, from which the server's `tools/list` schemas and the client's types derive.
 */
import * as v from 'valibot';
import { IsoTimeSchema } from './record-schemas.ts';
import { MAX_TEXT_LENGTH, toolArguments } from './tool-arguments.ts';

const MAX_DOCUMENT_ID_LENGTH = 1024;
const MAX_SEARCH_LIMIT = 50;

/** `search` arguments: plain words, and how many hits at most. */
export const SearchArgumentsSchema = toolArguments('`search` arguments.', {
  query: v.pipe(
    v.string('expected query to be a string of words to look for'),
    v.maxLength(MAX_TEXT_LENGTH, `expected query to be at most ${MAX_TEXT_LENGTH} characters`),
    v.description(
      `words to look for, e.g. "canary rollback"; plain text, no query syntax, at most ${MAX_TEXT_LENGTH} characters`,
    ),
  ),
  limit: v.optional(
    v.pipe(
      v.number(`expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
      v.integer(`expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
      v.minValue(1, `expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
      v.maxValue(MAX_SEARCH_LIMIT, `expected limit to be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
      v.description(`most results to return (default 10, at most ${MAX_SEARCH_LIMIT})`),
    ),
  ),
});

/** `search` result: hits, best first. */
export const SearchResultSchema = v.pipe(
  v.object({
    results: v.array(
      v.object({
        id: v.pipe(v.string(), v.description('pass it to fetch')),
        title: v.string(),
        url: v.string(),
        snippet: v.optional(v.string()),
      }),
    ),
  }),
  v.description('`search` result: hits, best first.'),
);

/** `fetch` arguments: a document id from `search`. */
export const FetchArgumentsSchema = toolArguments('`fetch` arguments: a document id from `search`.', {
  id: v.pipe(
    v.string('expected id to be a document id from search, e.g. "docs/mcp/README.md"'),
    v.maxLength(MAX_DOCUMENT_ID_LENGTH, `expected id to be at most ${MAX_DOCUMENT_ID_LENGTH} characters`),
    v.description('a document id from search: its path relative to the repository root'),
  ),
});

/** `fetch` result: the whole document with its metadata. */
export const FetchedDocumentSchema = v.pipe(
  v.object({
    id: v.string(),
    title: v.string(),
    text: v.pipe(v.string(), v.description('the whole document')),
    url: v.string(),
    metadata: v.object({
      path: v.string(),
      bytes: v.number(),
      modifiedAt: IsoTimeSchema,
      sha256: v.string(),
    }),
  }),
  v.description('`fetch` result: the whole document with its metadata.'),
);
