import { ConfigError } from '@shop/platform';
import { describe, expect, it } from 'vitest';
import { loadNotificationConfig } from '../src/config.js';
import { escapeHtml, formatMoney } from '../src/domain/format.js';
import { renderNotification } from '../src/domain/templates.js';
import { orderCancelled, orderCreated, silentEvents } from './events.js';

describe('money and markup', () => {
  it.each([
    [12_999, 'USD', '$129.99'],
    [5, 'USD', '$0.05'],
    [0, 'USD', '$0.00'],
    [1_000_000_000, 'USD', '$10,000,000.00'],
    [1_500, 'JPY', '¥1,500'],
    // Intl puts a no-break space between a currency code and the amount.
    [1_234, 'KWD', 'KWD\u00a01.234'],
    [1_000, 'EUR', '€10.00'],
  ])('when %i minor units of %s are formatted, then they read %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });

  it('when text holds markup characters, then escapeHtml neutralises every one', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;',
    );
  });
});

describe('templates', () => {
  it('when an order is cancelled unpaid, then the email says nothing was charged', () => {
    const event = orderCancelled(crypto.randomUUID());
    const unpaid = { ...event, data: { ...event.data, paid: false, reason: 'payment_timeout' } };
    const message = renderNotification(unpaid);
    expect(message?.text).toContain('because it was not paid in time');
    expect(message?.text).toContain('You have not been charged');
    expect(message?.text).not.toContain('refund');
  });

  it('when an order was created, then the text and HTML parts carry the same lines and total', () => {
    const message = renderNotification(orderCreated(crypto.randomUUID()));
    expect(message?.type).toBe('ORDER_RECEIVED');
    for (const part of [message?.text, message?.html]) {
      expect(part).toContain('Studio Headphones');
      expect(part).toContain('$259.98');
      expect(part).toContain('$269.97');
      expect(part).toContain('Jan 15, 2030, 10:30 AM UTC');
    }
  });

  it('when an event calls for no email, then no message is rendered', () => {
    for (const event of silentEvents(crypto.randomUUID(), crypto.randomUUID()))
      expect(renderNotification(event)).toBeNull();
  });
});

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
