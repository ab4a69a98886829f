import { ConfigError } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import { loadNotificationConfig } from '../src/config.js';

describe('configuration', () => {
  const valid = {
    ...process.env,
    NOTIFICATION_CLIENT_SECRET: 'a-secret-of-enough-length',
    SMTP_URL: '',
  };

  it('when SMTP_URL is empty, then emails go to the mail directory', () => {
    expect(loadNotificationConfig(valid).mail.smtpUrl).toBeUndefined();
  });

  it('when SMS_WEBHOOK_URL is empty, then text messages go to the mail directory; set with its secret, to the webhook', () => {
    expect(loadNotificationConfig(valid).sms.webhook).toBeUndefined();
    const webhook = loadNotificationConfig({
      ...valid,
      SMS_WEBHOOK_URL: 'https://sms.example/hook',
      SMS_WEBHOOK_SECRET: 'a-webhook-secret-0123',
    }).sms.webhook;
    expect(webhook).toEqual({
      url: 'https://sms.example/hook',
      secret: 'a-webhook-secret-0123',
      timeoutMs: 10_000,
    });
  });

  it.each([
    [{ NOTIFICATION_CLIENT_SECRET: undefined }, 'NOTIFICATION_CLIENT_SECRET'],
    [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL'],
    [{ NOTIFICATION_MAX_ATTEMPTS: '0' }, 'NOTIFICATION_MAX_ATTEMPTS'],
    [{ SMS_WEBHOOK_URL: 'https://sms.example/hook', SMS_WEBHOOK_SECRET: '' }, 'SMS_WEBHOOK_SECRET'],
    [{ SMS_WEBHOOK_URL: 'ftp://sms.example/hook' }, 'SMS_WEBHOOK_URL'],
    [{ NOTIFICATION_STREAM_POLL_MS: '0' }, 'NOTIFICATION_STREAM_POLL_MS'],
  ])('when a variable is bad (%o), then start-up fails naming %s', (change, name) => {
    expect(() => loadNotificationConfig({ ...valid, ...change })).toThrow(ConfigError);
    expect(() => loadNotificationConfig({ ...valid, ...change })).toThrow(name);
  });
});
