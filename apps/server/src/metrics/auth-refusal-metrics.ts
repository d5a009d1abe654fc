/**
 * `cockpit_auth_refusals_total{reason}`: the requests the authentication layer refused, by reason
 * (see `AUTH_REFUSAL_REASONS`). Every reason is exported at 0 from the start, so an alert on
 * `increase(cockpit_auth_refusals_total{reason="issuer_unavailable"}[5m]) > 0` has a series to
 * watch before the first refusal.
 */
import { Counter, type Registry } from 'prom-client';
import { AUTH_REFUSAL_REASONS, type AuthRefusalReason } from '../http/index.ts';

/**
 * Declares the counter; returns what counts one refusal.
 *
 * @example
 * const record = authRefusalMetrics({ registry });
 * record('invalid_token');
 */
export function authRefusalMetrics(options: {
  readonly registry: Registry;
}): (reason: AuthRefusalReason) => void {
  const refusals = new Counter({
    name: 'cockpit_auth_refusals_total',
    help: 'Requests refused by authentication, by reason (missing_credential, invalid_key, invalid_token, credential_in_query, insufficient_scope, issuer_unavailable).',
    labelNames: ['reason'] as const,
    registers: [options.registry],
  });
  for (const reason of AUTH_REFUSAL_REASONS) refusals.inc({ reason }, 0);
  return (reason) => refusals.inc({ reason });
}
