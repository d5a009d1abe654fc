/**
 * The one place thrown errors become tool results: the domain's errors are business failures with
 * their message and stable code; anything else is reported and answered without internals.
 */

import { isCanaryEngineError } from '@lukhas/canary-engine';
import { isDomainError } from '@lukhas/core';
import { isDocumentError } from '@lukhas/documents';
import { isJobRunnerError } from '@lukhas/job-runner';
import { isPersistenceError } from '@lukhas/persistence';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { toolFailure } from './tool-result.ts';

/**
 * The failure result for `error` thrown by `tool`: `message [CODE]` for the cockpit's own errors
 * (document, job runner, canary engine, domain, persistence), a generic sentence for anything else,
 * which `report` hears so an operator can see it in the log.
 *
 * @example
 * try { return jsonToolResult(await jobs.cancel(jobId, { operator })); }
 * catch (error) { return toolErrorResult(error, { tool: 'cancel_job', report }); }
 */
export function toolErrorResult(
  error: unknown,
  options: { readonly tool: string; readonly report: (error: Error) => void },
): CallToolResult {
  const code = knownCode(error);
  if (code !== undefined && error instanceof Error) return toolFailure(`${error.message} [${code}]`);
  const reported = error instanceof Error ? error : new Error(String(error));
  options.report(reported);
  return toolFailure(
    `${options.tool} failed inside the cockpit (an internal error, not a problem with the arguments); the server log has the details`,
  );
}

function knownCode(error: unknown): string | undefined {
  if (
    isDocumentError(error) ||
    isJobRunnerError(error) ||
    isCanaryEngineError(error) ||
    isDomainError(error) ||
    isPersistenceError(error)
  ) {
    return error.code;
  }
  return undefined;
}
