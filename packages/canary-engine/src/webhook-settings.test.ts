import { describe, expect, it } from 'vitest';
import { parseWebhookSettings, webhookUrlsFor } from './webhook-settings.ts';

describe('parseWebhookSettings', () => {
  it('reads URLs and knobs, ignoring blank values', () => {
    expect(
      parseWebhookSettings({
        LUKHAS_CANARY_WEBHOOK_ON_PROMOTE: ' https://deploy.example/promote ',
        LUKHAS_CANARY_WEBHOOK_ON_ROLLBACK: '',
        LUKHAS_CANARY_WEBHOOK_CONFIRM: 'http://gate.internal:8080/confirm',
        LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS: '2500',
        LUKHAS_CANARY_WEBHOOK_RETRIES: '0',
        LUKHAS_CANARY_WEBHOOK_SECRET: 'hush',
      }),
    ).toEqual({
      onPromote: 'https://deploy.example/promote',
      confirmPromotion: 'http://gate.internal:8080/confirm',
      timeoutMs: 2500,
      retries: 0,
      secret: 'hush',
    });
    expect(parseWebhookSettings({})).toEqual({});
  });

  it('refuses what it cannot use, naming the variable', () => {
    expect(() => parseWebhookSettings({ LUKHAS_CANARY_WEBHOOK_ON_PROMOTE: 'ftp://x' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_WEBHOOK_SETTINGS',
        message: 'LUKHAS_CANARY_WEBHOOK_ON_PROMOTE must be an http(s) URL',
      }),
    );
    expect(() => parseWebhookSettings({ LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS: '0' })).toThrow(
      'LUKHAS_CANARY_WEBHOOK_TIMEOUT_MS must be a whole number >= 1, got "0"',
    );
    expect(() => parseWebhookSettings({ LUKHAS_CANARY_WEBHOOK_RETRIES: 'two' })).toThrow(/RETRIES/);
    expect(() => parseWebhookSettings({ LUKHAS_WEBHOOK_ALLOW: 'hooks.example.com' })).toThrow(
      /^LUKHAS_WEBHOOK_ALLOW entry "hooks.example.com" is neither an origin/,
    );
    expect(() => parseWebhookSettings({ LUKHAS_WEBHOOK_ALLOW: 'https://hooks.example.com/path' })).toThrow(
      /^LUKHAS_WEBHOOK_ALLOW entry .* must be an origin/,
    );
    expect(() => parseWebhookSettings({ LUKHAS_WEBHOOK_ALLOW: '10.0.0.0/33' })).toThrow(
      /LUKHAS_WEBHOOK_ALLOW/,
    );
  });

  it('names every bad variable in one error, never echoing a URL', () => {
    let caught: unknown;
    try {
      parseWebhookSettings({
        LUKHAS_CANARY_WEBHOOK_ON_PROMOTE: 'ftp://hooks.example.com/t0k3n',
        LUKHAS_CANARY_WEBHOOK_RETRIES: 'two',
        LUKHAS_WEBHOOK_ALLOW: 'hooks.example.com',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_WEBHOOK_SETTINGS' });
    const { message, cause } = caught as Error;
    expect(message).toContain('LUKHAS_CANARY_WEBHOOK_ON_PROMOTE must be an http(s) URL');
    expect(message).toContain('LUKHAS_CANARY_WEBHOOK_RETRIES must be a whole number >= 0, got "two"');
    expect(message).toContain('LUKHAS_WEBHOOK_ALLOW entry "hooks.example.com"');
    expect(message).not.toContain('t0k3n');
    expect((cause as AggregateError).errors).toHaveLength(3);
  });

  it('reads the per-canary allow-list, none by default', () => {
    expect(
      parseWebhookSettings({ LUKHAS_WEBHOOK_ALLOW: ' https://hooks.example.com, 10.1.0.0/16 ,' }),
    ).toEqual({
      allow: ['https://hooks.example.com', '10.1.0.0/16'],
    });
    expect(parseWebhookSettings({ LUKHAS_WEBHOOK_ALLOW: ' ' })).toEqual({});
  });
});

describe('webhookUrlsFor', () => {
  it("takes a canary's own URL over the global one, hook by hook", () => {
    const global = { onPromote: 'https://g/promote', onRollback: 'https://g/rollback', timeoutMs: 10 };
    expect(webhookUrlsFor({ onRollback: 'https://c/rollback' }, global)).toEqual({
      onPromote: 'https://g/promote',
      onRollback: 'https://c/rollback',
    });
    expect(webhookUrlsFor(null, {})).toEqual({});
  });
});
