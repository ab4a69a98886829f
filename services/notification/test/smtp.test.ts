import { eventually } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { orderCreated, orderProgress } from './events.js';
import { useSmtpServer } from './smtp-server.js';
import { mailFilesOf, useNotificationService } from './support.js';

// Registered first, so the server listens before the service starts with its URL.
const smtp = useSmtpServer();
const harness = useNotificationService({ env: () => ({ SMTP_URL: smtp.url }) });

const messagesFor = (eventId: string) =>
  smtp.received.filter((mail) => mail.headers.get('message-id')?.includes(eventId));

const settled = async (eventId: string, status: 'SENT' | 'FAILED') =>
  await eventually(async () => {
    const doc = await harness.stored(eventId);
    return doc?.status === status && doc;
  });

describe('SMTP delivery', () => {
  it('when SMTP_URL is set, then the email reaches the mail server once, addressed to the customer, even if the event is redelivered', async () => {
    const customer = harness.customer();
    const event = orderCreated(customer.id);

    await harness.deliver(event, event);
    await settled(event.eventId, 'SENT');
    await harness.deliver(event);

    const messages = messagesFor(event.eventId);
    expect(messages).toHaveLength(1);
    const [mail] = messages;
    expect(mail?.recipients).toEqual([customer.email]);
    expect(mail?.headers.get('to')).toContain(customer.email);
    expect(mail?.headers.get('from')).toBe(harness.config.mail.from);
    expect(mail?.headers.get('subject')).toMatch(/^We received your order #/);
    expect(mail?.text).toContain('2 × Studio Headphones');
    expect(mail?.text).toContain('$269.97');
    expect(await mailFilesOf(harness.mailDir, event.eventId)).toEqual([]);
  });

  it('when the mail server refuses the recipient for good, then the email is FAILED at once, without retries', async () => {
    const customer = harness.customer();
    smtp.rejected.add(customer.email);
    const event = orderProgress('OrderCompleted', customer.id);

    await harness.deliver(event);

    const failed = await settled(event.eventId, 'FAILED');
    expect(failed).toMatchObject({ attempts: 1, sentAt: null });
    expect(failed.lastError).toMatch(/rejected by the mail server.*550/);
    expect(messagesFor(event.eventId)).toEqual([]);
  });
});
