/**
 * Where and how canary webhooks are delivered: global URLs (a canary's own URLs override them
 * hook by hook) and the delivery knobs, from options or from the server's environment.
 */
import type { CanaryWebhooks } from '@lukhas/core';
import { WEBHOOK_DEFAULTS } from '@lukhas/webhooks';
import { CanaryEngineError } from './canary-engine-error.ts';
import { parseWebhookAllowList, WEBHOOK_ALLOW_ENV } from './webhook-targets.ts';

// The delivery knobs' defaults are the delivery's (`@lukhas/webhooks`); the engine's callers still import them from here.
export { WEBHOOK_DEFAULTS };

/** Global webhook URLs and delivery knobs. */
export interface WebhookSettings extends CanaryWebhooks {
  /** Per attempt, default 5000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt, default 2. */
  readonly retries?: number;
  /** First retry delay, doubled for each next one; default 500. */
  readonly backoffMs?: number;
  /** When set, each body is signed: `X-Lukhas-Signature: sha256=<hex HMAC-SHA256>`. */
  readonly secret?: string;
  /**
   * What a canary's OWN webhook URLs may point to: origins (`https://hooks.example.com`) and
   * networks (`10.1.0.0/16`); see `webhook-targets.ts`. Default none: per-canary URLs are refused
   * and only the global URLs above (set by the operator) are called.
   */
  readonly allow?: readonly string[];
}

/** The environment variables {@link parseWebhookSettings} reads. */
export const WEBHOOK_ENV = {
  onPromote: 'LUKHAS_CANARY_WEBHOOK_ON_PROMOTE',
  onRollback: 'LUKHAS_CANARY_WEBHOOK_ON_ROLLBACK',
  confirmPromotion: 'LUKHAS_CANARY_WEBHOOK_CONFIRM',
  timeoutMs: 'LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS',
  retries: 'LUKHAS_CANARY_WEBHOOK_RETRIES',
  backoffMs: 'LUKHAS_CANARY_WEBHOOK_BACKOFF_MS',
  secret: 'LUKHAS_CANARY_WEBHOOK_SECRET',
  allow: WEBHOOK_ALLOW_ENV,
} as const;

/** The URL of each hook for one canary: its own, else the global one. */
export function webhookUrlsFor(canary: CanaryWebhooks | null, settings: WebhookSettings): CanaryWebhooks {
  const pick = (hook: keyof CanaryWebhooks) => canary?.[hook] ?? settings[hook];
  const urls = {
    onPromote: pick('onPromote'),
    onRollback: pick('onRollback'),
    confirmPromotion: pick('confirmPromotion'),
  };
  return Object.fromEntries(Object.entries(urls).filter(([, url]) => url !== undefined && url !== ''));
}

/**
 * Webhook settings from environment variables (blank ones count as unset); throws
 * `INVALID_WEBHOOK_SETTINGS` for a URL that is not http(s), a knob that is not a number or a bad
 * allow entry: the one error, or one naming each bad variable. URLs are never echoed (they may
 * carry a token).
 *
 * @example
 * createCanaryEngine({ store, monitor, webhooks: parseWebhookSettings(process.env) });
 */
export function parseWebhookSettings(env: Readonly<Record<string, string | undefined>>): WebhookSettings {
  const errors: CanaryEngineError[] = [];
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const url = (name: string) => {
    const value = text(name);
    if (value === undefined || isHttpUrl(value)) return value;
    errors.push(new CanaryEngineError('INVALID_WEBHOOK_SETTINGS', `${name} must be an http(s) URL`));
    return undefined;
  };
  const count = (name: string, minimum: number) => {
    const value = text(name);
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (Number.isInteger(parsed) && parsed >= minimum) return parsed;
    errors.push(
      new CanaryEngineError(
        'INVALID_WEBHOOK_SETTINGS',
        `${name} must be a whole number >= ${minimum}, got "${value}"`,
      ),
    );
    return undefined;
  };
  const settings: Record<string, string | number | undefined> = {
    onPromote: url(WEBHOOK_ENV.onPromote),
    onRollback: url(WEBHOOK_ENV.onRollback),
    confirmPromotion: url(WEBHOOK_ENV.confirmPromotion),
    timeoutMs: count(WEBHOOK_ENV.timeoutMs, 1),
    retries: count(WEBHOOK_ENV.retries, 0),
    backoffMs: count(WEBHOOK_ENV.backoffMs, 0),
    secret: text(WEBHOOK_ENV.secret),
  };
  const allow = (text(WEBHOOK_ENV.allow) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  try {
    // Checked here so a bad entry stops the server at start, naming the variable.
    parseWebhookAllowList(allow, WEBHOOK_ENV.allow);
  } catch (error) {
    if (!(error instanceof CanaryEngineError)) throw error;
    errors.push(error);
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new CanaryEngineError('INVALID_WEBHOOK_SETTINGS', errors.map((error) => error.message).join('; '), {
      cause: new AggregateError(errors),
    });
  }
  return {
    ...Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)),
    ...(allow.length > 0 ? { allow } : {}),
  };
}

/** Throws `INVALID_WEBHOOK_SETTINGS` for a URL that is not http(s), a knob out of range or a bad allow entry. */
export function checkWebhookSettings(settings: WebhookSettings): void {
  if (settings.allow !== undefined) parseWebhookAllowList(settings.allow, 'webhooks.allow');
  for (const hook of ['onPromote', 'onRollback', 'confirmPromotion'] as const) {
    const url = settings[hook];
    if (url !== undefined && !isHttpUrl(url)) {
      throw new CanaryEngineError('INVALID_WEBHOOK_SETTINGS', `webhooks.${hook} must be an http(s) URL`);
    }
  }
  const knobs = [
    ['timeoutMs', settings.timeoutMs, 1],
    ['retries', settings.retries, 0],
    ['backoffMs', settings.backoffMs, 0],
  ] as const;
  for (const [name, value, minimum] of knobs) {
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum)) {
      throw new CanaryEngineError(
        'INVALID_WEBHOOK_SETTINGS',
        `webhooks.${name} must be a whole number >= ${minimum}, got ${value}`,
      );
    }
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
