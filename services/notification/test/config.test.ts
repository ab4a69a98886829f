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

  it.each([
    [{ NOTIFICATION_CLIENT_SECRET: undefined }, 'NOTIFICATION_CLIENT_SECRET'],
    [{ SMTP_URL: 'http://mail.example' }, 'SMTP_URL'],
    [{ NOTIFICATION_MAX_ATTEMPTS: '0' }, 'NOTIFICATION_MAX_ATTEMPTS'],
  ])('when a variable is bad (%o), then start-up fails naming %s', (change, name) => {
    expect(() => loadNotificationConfig({ ...valid, ...change })).toThrow(ConfigError);
    expect(() => loadNotificationConfig({ ...valid, ...change })).toThrow(name);
  });
});
