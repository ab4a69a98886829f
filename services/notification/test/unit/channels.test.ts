import { describe, expect, it } from 'vitest';
import { notificationHandler } from '../../src/consumers/saga-events.js';
import type { NotificationRecord } from '../../src/domain/model.js';
import {
  channelsFor,
  DEFAULT_PREFERENCES,
  phoneRecipientOf,
  preferencesOf,
} from '../../src/domain/preferences.js';
import { SMS_MAX_LENGTH, smsTextOf } from '../../src/domain/text-message.js';
import { orderCreated, orderProgress } from '../events.js';
import { consumerDeps, inMemoryNotifications, inMemoryPreferences } from './in-memory.js';

const PHONE = '+14155550123';

describe('which channels a notification goes to', () => {
  it('when a customer never saved preferences, then email and in-app, and no SMS', () => {
    const preferences = preferencesOf('u1', null);
    expect(preferences).toMatchObject({ ...DEFAULT_PREFERENCES, updatedAt: null });
    expect(channelsFor(preferences)).toEqual(['email', 'in_app']);
  });

  it.each([
    [{ email: true, sms: true, inApp: true, phone: PHONE }, ['email', 'sms', 'in_app']],
    [{ email: false, sms: true, inApp: false, phone: PHONE }, ['sms']],
    [{ email: true, sms: false, inApp: false, phone: PHONE }, ['email']],
    [{ email: false, sms: false, inApp: true, phone: null }, ['in_app']],
    [{ email: false, sms: false, inApp: false, phone: null }, []],
  ])('when the preferences are %o, then the channels are %o', (preferences, channels) => {
    expect(channelsFor(preferences)).toEqual(channels);
  });

  it('when SMS is on but no number is stored, then no SMS (a number is needed as well)', () => {
    expect(channelsFor({ email: false, sms: true, inApp: false, phone: null })).toEqual([]);
    expect(phoneRecipientOf({ sms: true, phone: null })).toBeNull();
  });

  it('when SMS was switched off after a text was stored, then it has no recipient any more', () => {
    expect(phoneRecipientOf({ sms: false, phone: PHONE })).toBeNull();
    expect(phoneRecipientOf({ sms: true, phone: PHONE })).toEqual({ phone: PHONE });
  });

  it('when a subject is long, then the text message still fits one segment', () => {
    expect(smsTextOf('Your order #ABCD1234 has shipped')).toBe(
      'Shop: Your order #ABCD1234 has shipped',
    );
    expect(smsTextOf('x'.repeat(400))).toHaveLength(SMS_MAX_LENGTH);
  });
});

/** The consumer over in-memory stores, with what it hands to each worker and to the streams. */
const world = () => {
  const emails = inMemoryNotifications();
  const texts = inMemoryNotifications();
  const preferences = inMemoryPreferences();
  const handed = { email: [] as string[], sms: [] as string[], live: [] as string[] };
  const deps = consumerDeps({
    notifications: emails.store,
    textMessages: texts.store,
    preferences: preferences.store,
    now: () => new Date('2030-01-01T10:00:00.000Z'),
    deliverNow: (n: NotificationRecord) => handed.email.push(n.id),
    deliverSmsNow: (n: NotificationRecord) => handed.sms.push(n.id),
    announce: (n: NotificationRecord) => handed.live.push(n.id),
  });
  const choose = async (userId: string, chosen: typeof DEFAULT_PREFERENCES) =>
    await preferences.store.save({ userId, ...chosen, updatedAt: new Date() });
  const deliver = notificationHandler(deps);
  return { emails, texts, handed, choose, deliver };
};

describe('the consumer, per channel', () => {
  it('when a customer opted into SMS, then one text message is stored and handed to the SMS worker, once even if the event is redelivered', async () => {
    const { texts, handed, choose, deliver } = world();
    const userId = crypto.randomUUID();
    await choose(userId, { email: true, sms: true, inApp: true, phone: PHONE });
    const event = orderCreated(userId);

    await deliver(event, {} as never);
    await deliver(event, {} as never);

    expect(texts.documents.get(event.eventId)).toMatchObject({
      channel: 'sms',
      status: 'PENDING',
      channels: ['email', 'sms', 'in_app'],
      text: expect.stringMatching(/^Shop: We received your order #/),
    });
    expect(handed).toEqual({ email: [event.eventId], sms: [event.eventId], live: [event.eventId] });
  });

  it('when email and in-app are off, then the notification is kept SKIPPED, not sent, not pushed and not in the inbox', async () => {
    const { emails, texts, handed, choose, deliver } = world();
    const userId = crypto.randomUUID();
    await choose(userId, { email: false, sms: false, inApp: false, phone: null });
    const event = orderProgress('OrderShipped', userId);

    await deliver(event, {} as never);

    expect(emails.documents.get(event.eventId)).toMatchObject({ status: 'SKIPPED', channels: [] });
    expect(texts.documents.size).toBe(0);
    expect(handed).toEqual({ email: [], sms: [], live: [] });
  });

  it('when the SMS store failed after the email was stored, then the redelivery stores the text message and sends no second email', async () => {
    const { texts, handed, choose, deliver } = world();
    const userId = crypto.randomUUID();
    await choose(userId, { email: true, sms: true, inApp: false, phone: PHONE });
    const event = orderProgress('OrderCompleted', userId);
    const insert = texts.store.insert;
    texts.store.insert = async () => {
      throw new Error('MongoDB went away');
    };

    await expect(deliver(event, {} as never)).rejects.toThrow('MongoDB went away');
    texts.store.insert = insert;
    await deliver(event, {} as never);

    expect(handed.email).toEqual([event.eventId]);
    expect(handed.sms).toEqual([event.eventId]);
    expect(texts.documents.has(event.eventId)).toBe(true);
  });
});
