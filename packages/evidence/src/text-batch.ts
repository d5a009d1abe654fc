/**
 * Gathers the text of many rows into one piece: an entry yields a piece per ~64 KiB rather than per
 * row, so the async step from the entry to its hashing and the archive is taken once a batch
 * instead of a million times. The bytes are the rows' text joined, exactly as before.
 */

/** Pieces are handed on once they hold about this many characters. */
export const BATCH_CHARS = 64 * 1024;

/** Rows' text in, batches out: `add` returns a full batch (or undefined), `rest` what is left. */
export interface TextBatch {
  add(text: string): string | undefined;
  rest(): string | undefined;
}

/**
 * @example
 * const batch = textBatch();
 * for await (const row of rows) { const full = batch.add(format(row)); if (full !== undefined) yield full; }
 * const last = batch.rest(); if (last !== undefined) yield last;
 */
export function textBatch(chars: number = BATCH_CHARS): TextBatch {
  let pending: string[] = [];
  let pendingChars = 0;
  const take = () => {
    const text = pending.join('');
    pending = [];
    pendingChars = 0;
    return text;
  };
  return {
    add(text) {
      pending.push(text);
      pendingChars += text.length;
      return pendingChars >= chars ? take() : undefined;
    },
    rest: () => (pendingChars > 0 ? take() : undefined),
  };
}
