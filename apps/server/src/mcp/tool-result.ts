/**
 * The two shapes every cockpit tool answers with: a result (ONE text item holding the JSON, and the
 * same object as `structuredContent`), or a business failure (`isError: true`, one readable
 * sentence, no `structuredContent`: clients validate it against the output schema when present).
 */
import type { CallToolResult } from '@modelcontextprotocol/server';

/**
 * A successful tool result: `content[0].text` is the JSON of `value`, `structuredContent` is `value`.
 * The seeds read it with `jq -r '.result.content[0].text' | jq -r '.jobId'`.
 *
 * @example return jsonToolResult({ jobId: 'job_k3j9x0a1m2qz', status: 'queued' });
 */
export function jsonToolResult<Value extends Record<string, unknown>>(value: Value): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}

/**
 * A successful result whose text is written for people rather than JSON (`why`: the narrative
 * lines, one per line); `structuredContent` still carries the data.
 *
 * @example return textToolResult(lines.join('\n'), { id, lines });
 */
export function textToolResult<Value extends Record<string, unknown>>(
  text: string,
  value: Value,
): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: value };
}

/**
 * A business failure: the call was well formed but cannot be done (unknown id, bad policy, a canary
 * already decided). The text says what went wrong and what to do instead.
 *
 * @example return toolFailure('no job "job_x"; list_jobs shows the recent ones');
 */
export function toolFailure(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
