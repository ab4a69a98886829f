import type { ShopEvent } from '@shop/contracts';
import { eventually } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import {
  orderCancelled,
  orderCreated,
  orderProgress,
  paymentFailed,
  paymentRefunded,
  silentEvents,
} from './events.js';
import { mailFilesOf, useNotificationService } from './support.js';

const harness = useNotificationService();

const ref = (orderId: string) => `#${orderId.slice(0, 8).toUpperCase()}`;

const cases: {
  event: (userId: string) => ShopEvent;
  type: string;
  subject: (orderId: string) => string;
  facts: string[];
}[] = [
  {
    event: orderCreated,
    type: 'ORDER_RECEIVED',
    subject: (orderId) => `We received your order ${ref(orderId)}`,
    facts: ['2 × Studio Headphones', '$259.98', 'Cable <1m> & "adapter"', '$9.99', '$269.97'],
  },
  {
    event: paymentFailed,
    type: 'PAYMENT_FAILED',
    subject: (orderId) => `Payment for order ${ref(orderId)} did not go through`,
    facts: ['$269.97', 'the card was declined', 'pay again'],
  },
  {
    event: (userId) => orderProgress('OrderCompleted', userId),
    type: 'ORDER_COMPLETED',
    subject: (orderId) => `Your order ${ref(orderId)} is confirmed`,
    facts: ['We received your payment'],
  },
  {
    event: orderCancelled,
    type: 'ORDER_CANCELLED',
    subject: (orderId) => `Your order ${ref(orderId)} was cancelled`,
    facts: ['sold out', 'refunded in full'],
  },
  {
    event: paymentRefunded,
    type: 'REFUND_ISSUED',
    subject: (orderId) => `Refund of €10.00 for order ${ref(orderId)}`,
    facts: ['We refunded €10.00 of your €269.97 payment', '€10.00 of €269.97 has been refunded'],
  },
  {
    event: (userId) => orderProgress('OrderShipped', userId),
    type: 'ORDER_SHIPPED',
    subject: (orderId) => `Your order ${ref(orderId)} has shipped`,
    facts: ['has left our warehouse'],
  },
  {
    event: (userId) => orderProgress('OrderDelivered', userId),
    type: 'ORDER_DELIVERED',
    subject: (orderId) => `Your order ${ref(orderId)} was delivered`,
    facts: ['was delivered'],
  },
];

describe('an email per business event', () => {
  it.each(cases)(
    'when $type is due, then exactly one email with the order facts goes to the customer',
    async ({ event: build, type, subject, facts }) => {
      const customer = harness.customer();
      const event = build(customer.id);

      await harness.deliver(event);

      const mail = await eventually(async () => await harness.mailFile(event.eventId), {
        what: `the ${type} email`,
      });
      expect(mail.headers.get('to')).toContain(customer.email);
      expect(mail.headers.get('subject')).toBe(subject(event.orderId));
      expect(mail.headers.get('message-id')).toContain(event.eventId);
      for (const fact of [...facts, event.orderId]) expect(mail.text).toContain(fact);
      const stored = await eventually(async () => {
        const doc = await harness.stored(event.eventId);
        return doc?.status === 'SENT' && doc;
      });
      expect(stored).toMatchObject({
        type,
        eventType: event.type,
        to: customer.email,
        attempts: 1,
      });
      expect(stored.sentAt).toBeInstanceOf(Date);
      expect(
        await harness.db.collection('notifications').countDocuments({ orderId: event.orderId }),
      ).toBe(1);
      expect(await mailFilesOf(harness.mailDir, event.eventId)).toEqual([`${event.eventId}.eml`]);
    },
  );

  it('when an item name holds markup, then the HTML part shows it escaped and the text part as typed', async () => {
    const customer = harness.customer();
    const event = orderCreated(customer.id);

    await harness.deliver(event);

    const mail = await eventually(async () => await harness.mailFile(event.eventId));
    expect(mail.html).toContain('Cable &lt;1m&gt; &amp; &quot;adapter&quot;');
    expect(mail.html).not.toContain('<1m>');
    expect(mail.text).toContain('1 × Cable <1m> & "adapter"');
  });

  it('when the same event is delivered again, before and after sending, then there is still one notification and one email', async () => {
    const customer = harness.customer();
    const event = orderProgress('OrderShipped', customer.id);

    await harness.deliver(event, event);
    const sent = await eventually(async () => {
      const doc = await harness.stored(event.eventId);
      return doc?.status === 'SENT' && doc;
    });
    await harness.deliver(event);

    const after = await harness.stored(event.eventId);
    expect(after).toMatchObject({ status: 'SENT', attempts: 1, sentAt: sent.sentAt });
    expect(
      await harness.db.collection('notifications').countDocuments({ orderId: event.orderId }),
    ).toBe(1);
    expect(await mailFilesOf(harness.mailDir, event.eventId)).toHaveLength(1);
  });

  it('when OrderUpdated, OrderPaid or PaymentSucceeded arrive, then no notification is made', async () => {
    const customer = harness.customer();
    const orderId = crypto.randomUUID();

    await harness.deliver(...silentEvents(customer.id, orderId));

    expect(await harness.db.collection('notifications').countDocuments({ orderId })).toBe(0);
  });

  it('when the user has no account, then the notification is FAILED recipient-unknown and nothing is written', async () => {
    const event = orderProgress('OrderCompleted', crypto.randomUUID());

    await harness.deliver(event);

    const stored = await eventually(async () => {
      const doc = await harness.stored(event.eventId);
      return doc?.status === 'FAILED' && doc;
    });
    expect(stored).toMatchObject({ lastError: 'recipient-unknown', to: null, sentAt: null });
    expect(await mailFilesOf(harness.mailDir, event.eventId)).toEqual([]);
  });
});
