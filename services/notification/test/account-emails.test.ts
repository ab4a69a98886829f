import { ACCOUNT_EVENTS_TOPIC, type AccountEvent, createAccountEvent } from '@shop/contracts';
import { eventually } from '@shop/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailFilesOf, useNotificationService } from './support.js';

const STOREFRONT = 'https://shop.test.example';
const harness = useNotificationService({ env: () => ({ STOREFRONT_URL: STOREFRONT }) });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let producer: Producer;

beforeAll(async () => {
  producer = new Kafka({
    clientId: 'test-account-events',
    brokers,
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
});
afterAll(async () => await producer?.disconnect());

const publish = async (...events: AccountEvent[]) =>
  await producer.send({
    topic: harness.topics.topic(ACCOUNT_EVENTS_TOPIC),
    messages: events.map((event) => ({
      key: event.accountId,
      value: JSON.stringify(event),
      headers: { 'event-type': event.type, 'event-id': event.eventId },
    })),
  });

const requested = (
  type: AccountEvent['type'],
  { expiresInMs = 30 * 60_000, name = 'Ann <Admin>' } = {},
) =>
  createAccountEvent(type, {
    accountId: crypto.randomUUID(),
    data: {
      email: `ann-${crypto.randomUUID()}@test.example`,
      name,
      token: Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'),
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    },
  });

const handledRecord = async (eventId: string) =>
  await eventually(
    async () =>
      (await harness.db.collection('account_emails').findOne({ _id: eventId as never })) ??
      undefined,
    {
      what: `the record of ${eventId}`,
    },
  );

describe('emails from account.events', () => {
  it('when a password reset is requested, then one email to the address in the event with the reset link (token in the fragment)', async () => {
    const event = requested('PasswordResetRequested');

    await publish(event);

    const mail = await eventually(async () => await harness.mailFile(event.eventId), {
      what: 'the reset email',
    });
    expect(mail.headers.get('to')).toContain(event.data.email);
    expect(mail.headers.get('subject')).toBe('Reset your Shop password');
    expect(mail.headers.get('message-id')).toContain(event.eventId);
    const link = `${STOREFRONT}/reset-password#token=${event.data.token}`;
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    // The name is the user's: escaped in HTML.
    expect(mail.html).toContain('Ann &lt;Admin&gt;');
    expect(await handledRecord(event.eventId)).toMatchObject({
      outcome: 'SENT',
      accountId: event.accountId,
    });
  });

  it('when a verification is requested, then the email links to the verify page', async () => {
    const event = requested('EmailVerificationRequested');

    await publish(event);

    const mail = await eventually(async () => await harness.mailFile(event.eventId));
    expect(mail.headers.get('subject')).toBe('Confirm your email address');
    expect(mail.text).toContain(`${STOREFRONT}/verify-email#token=${event.data.token}`);
  });

  it('when the same event comes twice, then one email, one record, and nothing stored holds the token', async () => {
    const event = requested('PasswordResetRequested');

    await publish(event, event);
    await handledRecord(event.eventId);
    // A later event of the same partition (same key) is handled only after both copies.
    const later = { ...requested('PasswordResetRequested'), accountId: event.accountId };
    await publish(later);
    await handledRecord(later.eventId);

    expect(await mailFilesOf(harness.mailDir, event.eventId)).toEqual([`${event.eventId}.eml`]);
    const records = await harness.db
      .collection('account_emails')
      .find({ accountId: event.accountId })
      .toArray();
    expect(records).toHaveLength(2);
    expect(JSON.stringify(records)).not.toContain(event.data.token);
    expect(JSON.stringify(records)).not.toContain(event.data.email);
    expect(
      await harness.db.collection('notifications').countDocuments({ userId: event.accountId }),
    ).toBe(0);
  });

  it('when the link expired before the email could be sent, then no email and the event is recorded as expired', async () => {
    const event = requested('PasswordResetRequested', { expiresInMs: -1000 });

    await publish(event);

    expect(await handledRecord(event.eventId)).toMatchObject({ outcome: 'EXPIRED' });
    expect(await mailFilesOf(harness.mailDir, event.eventId)).toEqual([]);
  });
});
