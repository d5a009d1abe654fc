/**
 * Where notifications go and which events they carry, read from the server's environment. The
 * Slack URL is a secret (its path is the credential): no message, log or description ever shows
 * more of it than its origin.
 */
import { CANARY_EVENT_TYPES, type CanaryEventType, JOB_EVENT_TYPES, type JobEventType } from '@lukhas/core';
import { sanitizeText } from '@lukhas/narrative';
import { NotificationError } from './notification-error.ts';

/** An event type a notification can be asked for: a canary or a job event. */
export type NotifiableEventType = CanaryEventType | JobEventType;

/** Every canary event type, the progressive-delivery ones (`step`, `paused`, `resumed`) included. */
export const NOTIFIABLE_CANARY_EVENT_TYPES: readonly NotifiableEventType[] = CANARY_EVENT_TYPES;

/** Every event type `LUKHAS_NOTIFY_EVENTS` may name: canary events, then job events. */
export const NOTIFIABLE_EVENT_TYPES: readonly NotifiableEventType[] = [
  ...new Set<NotifiableEventType>([...CANARY_EVENT_TYPES, ...JOB_EVENT_TYPES]),
];

/** The events notified when `LUKHAS_NOTIFY_EVENTS` is unset: every canary event but `metric` (one per sample). */
export const DEFAULT_NOTIFIED_EVENTS: readonly NotifiableEventType[] = NOTIFIABLE_CANARY_EVENT_TYPES.filter(
  (type) => type !== 'metric',
);

/** The environment variables {@link parseNotificationSettings} reads. */
export const NOTIFICATION_ENV = {
  slackUrl: 'LUKHAS_NOTIFY_SLACK_URL',
  events: 'LUKHAS_NOTIFY_EVENTS',
  publicUrl: 'LUKHAS_PUBLIC_URL',
} as const;

/** What to notify, where. */
export interface NotificationSettings {
  /** A Slack-compatible incoming-webhook URL; null: notifications are off. A secret. */
  readonly slackUrl: string | null;
  /** The event types that are sent (as listed in `LUKHAS_NOTIFY_EVENTS`, each once). */
  readonly events: readonly NotifiableEventType[];
  /** The cockpit's base URL without a trailing `/`, for links; null: messages carry no link. */
  readonly publicUrl: string | null;
}

/**
 * Notification settings from environment variables (blank ones count as unset). Throws a
 * `NotificationError` (`INVALID_NOTIFICATION_SETTINGS`) naming the variable and the bad value,
 * so a misconfigured server stops at start rather than staying silent.
 *
 * @example
 * const settings = parseNotificationSettings(process.env);
 * // LUKHAS_NOTIFY_SLACK_URL=https://hooks.slack.com/services/T0/B0/x LUKHAS_NOTIFY_EVENTS=paused,rolled_back
 * // → { slackUrl: 'https://hooks.slack.com/services/T0/B0/x', events: ['paused', 'rolled_back'], publicUrl: null }
 */
export function parseNotificationSettings(
  env: Readonly<Record<string, string | undefined>>,
): NotificationSettings {
  return {
    slackUrl: parseSlackUrl(textOf(env, NOTIFICATION_ENV.slackUrl)),
    events: parseEvents(textOf(env, NOTIFICATION_ENV.events)),
    publicUrl: parsePublicUrl(textOf(env, NOTIFICATION_ENV.publicUrl)),
  };
}

/**
 * One line for the server's start-up log, with the Slack URL cut to its origin.
 *
 * @example describeNotificationSettings(settings) // 'notifications: https://hooks.slack.com/… for paused, rolled_back'
 */
export function describeNotificationSettings(settings: NotificationSettings): string {
  if (settings.slackUrl === null) return `notifications: off (${NOTIFICATION_ENV.slackUrl} unset)`;
  const link = settings.publicUrl === null ? ', no cockpit links' : `, links to ${settings.publicUrl}`;
  return `notifications: ${redactedUrl(settings.slackUrl)} for ${settings.events.join(', ')}${link}`;
}

function textOf(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parseSlackUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  const url = httpUrl(value);
  if (url === null) {
    throw invalid(
      NOTIFICATION_ENV.slackUrl,
      `${NOTIFICATION_ENV.slackUrl} must be an http(s) incoming-webhook URL, got ${redactedUrl(value)}`,
    );
  }
  return value;
}

function parseEvents(value: string | undefined): readonly NotifiableEventType[] {
  if (value === undefined) return DEFAULT_NOTIFIED_EVENTS;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const valid = NOTIFIABLE_EVENT_TYPES.join(', ');
  if (names.length === 0) {
    throw invalid(NOTIFICATION_ENV.events, `${NOTIFICATION_ENV.events} names no event; valid: ${valid}`);
  }
  const unknown = names.find((name) => !isNotifiable(name));
  if (unknown !== undefined) {
    throw invalid(
      NOTIFICATION_ENV.events,
      `${NOTIFICATION_ENV.events}: unknown event type "${sanitizeText(unknown, 60)}"; valid: ${valid}`,
    );
  }
  return [...new Set(names.filter(isNotifiable))];
}

function isNotifiable(name: string): name is NotifiableEventType {
  return (NOTIFIABLE_EVENT_TYPES as readonly string[]).includes(name);
}

function parsePublicUrl(value: string | undefined): string | null {
  if (value === undefined) return null;
  const name = NOTIFICATION_ENV.publicUrl;
  const url = httpUrl(value);
  if (url === null) throw invalid(name, `${name} must be an http(s) URL, got "${sanitizeText(value, 200)}"`);
  if (url.username !== '' || url.password !== '') {
    // Said without the value: it holds the credentials.
    throw invalid(name, `${name} must not carry a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw invalid(
      name,
      `${name} must be a base URL without a query or fragment, got "${sanitizeText(value, 200)}"`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function httpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

// Scheme and host only: the path and query of an incoming-webhook URL are its credential.
function redactedUrl(value: string): string {
  try {
    const url = new URL(value);
    return url.host === '' ? `a ${url.protocol} URL` : `${url.protocol}//${url.host}/…`;
  } catch {
    return 'a value that is not a URL';
  }
}

function invalid(variable: string, message: string): NotificationError {
  return new NotificationError('INVALID_NOTIFICATION_SETTINGS', message, { variable });
}
