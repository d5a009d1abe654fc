/**
 * The one place thrown errors become tool results: the cockpit's own errors (every one extends
 * core's `CockpitError`) are business failures with their message and stable code; anything else
 * is reported and answered without internals.
 */

import { isCockpitError } from '@lukhas/core';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { toolFailure } from './tool-result.ts';

/**
 * The failure result for `error` thrown by `tool`: `message [CODE]` for a `CockpitError` (document,
 * job runner, canary engine, domain, persistence, …), a generic sentence for anything else, which
 * `report` hears so an operator can see it in the log.
 *
 * @example
 * try { return await spec.handler(input, context, request); }
 * catch (error) { return toolErrorResult(error, { tool: 'cancel_job', report }); }
 */
export function toolErrorResult(
  error: unknown,
  options: { readonly tool: string; readonly report: (error: Error) => void },
): CallToolResult {
  if (isCockpitError(error)) return toolFailure(`${error.message} [${error.code}]`);
  const reported = error instanceof Error ? error : new Error(String(error));
  options.report(reported);
  return toolFailure(
    `${options.tool} failed inside the cockpit (an internal error, not a problem with the arguments); the server log has the details`,
  );
}
