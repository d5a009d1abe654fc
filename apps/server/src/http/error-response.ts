/**
 * The one place the HTTP app turns a thrown error into a response (`app.onError`): a cockpit error
 * (core's `CockpitError`) becomes its status by code, with `{error, code}` and its typed `field`
 * when it has one; anything else is reported and answered 500 without internals.
 */
import { isCockpitError } from '@lukhas/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

// Codes not listed are the cockpit failing, not the caller: 500.
const STATUS_BY_CODE: Readonly<Record<string, ContentfulStatusCode>> = {
  // The evidence export's range (EvidenceError).
  MISSING_FROM: 400,
  UNPARSEABLE: 400,
  FROM_AFTER_TO: 400,
  RANGE_TOO_LONG: 400,
  OUT_OF_RANGE: 400,
  IN_FUTURE: 400,
  // The live stream's topics and Last-Event-ID (SseBusError).
  MISSING_TOPIC: 400,
  INVALID_TOPIC: 400,
  TOO_MANY_TOPICS: 400,
  INVALID_LAST_EVENT_ID: 400,
  // Core's validation (DomainError).
  INVALID_POLICY: 400,
  INVALID_CANARY_REQUEST: 400,
  // A caller without the scope a route needs (AccessError).
  FORBIDDEN_SCOPE: 403,
  // Unknown ids (CanaryEngineError, JobRunnerError).
  CANARY_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
};

/**
 * The `app.onError` handler; `report` hears every error answered 500.
 *
 * @example
 * app.onError(errorResponse((error) => console.error(`http: ${error.message}`)));
 */
export function errorResponse(report: (error: Error) => void) {
  return (error: Error, context: Context): Response => {
    // hono's own refusals (and any middleware's) carry their response.
    if (error instanceof HTTPException) return error.getResponse();
    const status = isCockpitError(error) ? STATUS_BY_CODE[error.code] : undefined;
    if (isCockpitError(error) && status !== undefined) {
      const field = (error as { field?: unknown }).field;
      return context.json(
        { error: error.message, code: error.code, ...(typeof field === 'string' ? { field } : {}) },
        status,
      );
    }
    report(error);
    return context.json({ error: 'internal error; the server log has the details' }, 500);
  };
}
