/**
 * The progress protocol a task speaks on stdout, one line at a time: a line that is a JSON object
 * with `progress` (0..1) and/or `message` is a progress report, a JSON object with `result`
 * carries the job's result, and every other line is plain log output.
 */
import type { TaskProgress } from './task-launcher.ts';

/** What a protocol line said; `result` is present only when the line carried one. */
export interface TaskOutputMessage {
  readonly progress?: TaskProgress;
  readonly result?: { readonly value: unknown };
}

/**
 * Parses one stdout line; `undefined` means it is a log line.
 *
 * @example
 * parseTaskOutputLine('{"progress":0.4,"message":"batch 2/5"}'); // { progress: { progress: 0.4, message: 'batch 2/5' } }
 * parseTaskOutputLine('{"result":{"score":0.93}}'); // { result: { value: { score: 0.93 } } }
 * parseTaskOutputLine('loading weights…'); // undefined
 */
export function parseTaskOutputLine(line: string): TaskOutputMessage | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const progress =
    typeof fields.progress === 'number' && Number.isFinite(fields.progress) ? fields.progress : undefined;
  const message = typeof fields.message === 'string' ? fields.message : undefined;
  const hasResult = Object.hasOwn(fields, 'result');
  if (!hasResult && progress === undefined && message === undefined) return undefined;
  return {
    ...(progress === undefined && message === undefined
      ? {}
      : {
          progress: {
            ...(progress === undefined ? {} : { progress }),
            ...(message === undefined ? {} : { message }),
          },
        }),
    ...(hasResult ? { result: { value: fields.result } } : {}),
  };
}
