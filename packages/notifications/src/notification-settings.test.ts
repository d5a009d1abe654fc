import { CANARY_EVENT_TYPES, CockpitError, JOB_EVENT_TYPES } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import { NotificationError } from './notification-error.ts';
import {
  DEFAULT_NOTIFIED_EVENTS,
  describeNotificationSettings,
  NOTIFIABLE_EVENT_TYPES,
  parseNotificationSettings,
} from './notification-settings.ts';

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/s3cretToken';

function refusal(env: Record<string, string>): NotificationError {
  try {
    parseNotificationSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(NotificationError);
    expect(error).toBeInstanceOf(CockpitError);
    expect((error as NotificationError).code).toBe('INVALID_NOTIFICATION_SETTINGS');
    return error as NotificationError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('parseNotificationSettings', () => {
  it('is off with no Slack URL, and notifies every canary event but metric by default', () => {
    expect(parseNotificationSettings({})).toEqual({
      slackUrl: null,
      events: DEFAULT_NOTIFIED_EVENTS,
      publicUrl: null,
    });
    expect(DEFAULT_NOTIFIED_EVENTS).toEqual(
      expect.arrayContaining(['started', 'step', 'paused', 'resumed', 'promoted', 'rolled_back']),
    );
    expect(DEFAULT_NOTIFIED_EVENTS).not.toContain('metric');
    for (const jobEvent of JOB_EVENT_TYPES) expect(DEFAULT_NOTIFIED_EVENTS).not.toContain(jobEvent);
  });

  it('treats blank variables as unset', () => {
    const settings = parseNotificationSettings({
      LUKHAS_NOTIFY_SLACK_URL: '  ',
      LUKHAS_NOTIFY_EVENTS: '',
      LUKHAS_PUBLIC_URL: ' ',
    });
    expect(settings).toEqual({ slackUrl: null, events: DEFAULT_NOTIFIED_EVENTS, publicUrl: null });
  });

  it('reads the URL, the event filter and the public URL', () => {
    const settings = parseNotificationSettings({
      LUKHAS_NOTIFY_SLACK_URL: ` ${SLACK_URL} `,
      LUKHAS_NOTIFY_EVENTS: ' rolled_back, paused ,,paused',
      LUKHAS_PUBLIC_URL: 'https://ops.example.com/cockpit/',
    });
    expect(settings).toEqual({
      slackUrl: SLACK_URL,
      // As listed, each once.
      events: ['rolled_back', 'paused'],
      publicUrl: 'https://ops.example.com/cockpit',
    });
  });

  it('accepts every canary and job event type, the progressive-delivery ones included', () => {
    const names = [...CANARY_EVENT_TYPES, 'step', 'paused', 'resumed', ...JOB_EVENT_TYPES];
    const { events } = parseNotificationSettings({ LUKHAS_NOTIFY_EVENTS: names.join(',') });
    expect([...events].sort()).toEqual([...new Set(names)].sort());
    expect([...NOTIFIABLE_EVENT_TYPES].sort()).toEqual([...events].sort());
  });

  it('accepts a plain http receiver and a public URL at the root', () => {
    const settings = parseNotificationSettings({
      LUKHAS_NOTIFY_SLACK_URL: 'http://127.0.0.1:9/hook',
      LUKHAS_PUBLIC_URL: 'http://localhost:8766',
    });
    expect(settings.slackUrl).toBe('http://127.0.0.1:9/hook');
    expect(settings.publicUrl).toBe('http://localhost:8766');
  });

  describe('refuses, naming the variable', () => {
    it('a Slack URL that is not a URL, without echoing it', () => {
      const error = refusal({ LUKHAS_NOTIFY_SLACK_URL: 'hooks.slack.com/services/T000/B000/s3cretToken' });
      expect(error.variable).toBe('LUKHAS_NOTIFY_SLACK_URL');
      expect(error.message).toContain('LUKHAS_NOTIFY_SLACK_URL');
      expect(error.message).toContain('not a URL');
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('services');
    });

    it('a Slack URL that is not http(s), showing only its origin', () => {
      const error = refusal({
        LUKHAS_NOTIFY_SLACK_URL: 'ftp://user:pw@hooks.example.com/services/s3cretToken',
      });
      expect(error.variable).toBe('LUKHAS_NOTIFY_SLACK_URL');
      expect(error.message).toContain('ftp://hooks.example.com/…');
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('pw');
    });

    it('an unknown event type, listing the valid ones', () => {
      const error = refusal({ LUKHAS_NOTIFY_EVENTS: 'paused,rolledback' });
      expect(error.variable).toBe('LUKHAS_NOTIFY_EVENTS');
      expect(error.message).toContain('LUKHAS_NOTIFY_EVENTS');
      expect(error.message).toContain('"rolledback"');
      for (const name of ['started', 'step', 'paused', 'resumed', 'rolled_back', 'queued', 'failed']) {
        expect(error.message).toContain(name);
      }
    });

    it('an event list that names nothing', () => {
      const error = refusal({ LUKHAS_NOTIFY_EVENTS: ' , ,' });
      expect(error.variable).toBe('LUKHAS_NOTIFY_EVENTS');
      expect(error.message).toContain('names no event');
    });

    it('an event name with case or control characters, cleaned in the message', () => {
      const error = refusal({ LUKHAS_NOTIFY_EVENTS: 'Paused\n[forged line]' });
      expect(error.message).toContain('"Paused [forged line]"');
      expect(error.message).not.toContain('\n');
    });

    it('a public URL that is not an http(s) URL', () => {
      for (const value of ['ops.example.com', 'ftp://ops.example.com', 'javascript:alert(1)']) {
        const error = refusal({ LUKHAS_PUBLIC_URL: value });
        expect(error.variable).toBe('LUKHAS_PUBLIC_URL');
        expect(error.message).toContain('LUKHAS_PUBLIC_URL must be an http(s) URL');
        expect(error.message).toContain(value);
      }
    });

    it('a public URL with a query or fragment', () => {
      for (const value of ['https://ops.example.com/?x=1', 'https://ops.example.com/#top']) {
        const error = refusal({ LUKHAS_PUBLIC_URL: value });
        expect(error.variable).toBe('LUKHAS_PUBLIC_URL');
        expect(error.message).toContain('without a query or fragment');
        expect(error.message).toContain(value);
      }
    });

    it('a public URL with credentials, without echoing them', () => {
      const error = refusal({ LUKHAS_PUBLIC_URL: 'https://admin:hunter2@ops.example.com' });
      expect(error.variable).toBe('LUKHAS_PUBLIC_URL');
      expect(error.message).not.toContain('hunter2');
    });
  });
});

describe('describeNotificationSettings', () => {
  it('shows the Slack URL as its origin only', () => {
    const line = describeNotificationSettings(
      parseNotificationSettings({ LUKHAS_NOTIFY_SLACK_URL: SLACK_URL, LUKHAS_NOTIFY_EVENTS: 'paused' }),
    );
    expect(line).toBe('notifications: https://hooks.slack.com/… for paused, no cockpit links');
    expect(describeNotificationSettings(parseNotificationSettings({}))).toBe(
      'notifications: off (LUKHAS_NOTIFY_SLACK_URL unset)',
    );
  });
});
