import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ShopEvent, TOPICS } from '@shop/contracts';
import { deliverEvents, eventually, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/audit.js';
import { admin, availability, DECLINED_CARD, newShopper, type Shopper } from '../src/shopper.js';
import { call, URLS } from '../src/stack.js';
import { openStores, type Stores } from '../src/stores.js';

let shopAdmin: Awaited<ReturnType<typeof admin>>;
let stores: Stores;
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
/** Where notification-service writes emails when no SMTP server is configured (.env). */
const MAIL_DIR = process.env.NOTIFICATION_MAIL_DIR ?? '';

beforeAll(async () => {
  shopAdmin = await admin();
  stores = await openStores();
});
afterAll(async () => await stores?.close());

const statusOf = async (shopper: Shopper, orderId: string) =>
  (await shopper.getOrder(orderId)).body.status;
const waitForStatus = async (shopper: Shopper, orderId: string, status: string) =>
  await eventually(async () => (await statusOf(shopper, orderId)) === status, {
    timeoutMs: 30_000,
    what: `order ${orderId} ${status}`,
  });

describe('journeys of docs/contract/invariants.md, through the services as processes', () => {
  it('1. register, log in, browse, add to the cart, check out, pay: the order completes, the stock is deducted, the cart is emptied and the emails are recorded', async () => {
    const itemId = await shopAdmin.createItem(5, 2_499, 'Journey Lamp');
    const shopper = await newShopper();
    const browse = await call<{ items: { id: string }[] }>(
      `${URLS.item}/api/v1/items?q=journey+lamp&category=e2e&limit=100`,
      'GET',
    );
    expect(browse.body.items.map((item) => item.id)).toContain(itemId);

    expect((await shopper.addToCart(itemId, 2)).body).toMatchObject({
      subtotal: 4_998,
      readyForCheckout: true,
    });
    const order = await shopper.checkout();
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'PENDING_PAYMENT', totalAmount: 4_998 });
    expect((await shopper.pay(order.body)).body.status).toBe('SUCCEEDED');

    await waitForStatus(shopper, order.body.id, 'COMPLETED');
    expect(await availability(itemId)).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    await eventually(async () => (await shopper.cart()).body.items.length === 0, {
      what: 'the cart to be emptied',
    });
    const emails = await eventually(
      async () => {
        const { notifications } = (await shopper.notifications()).body;
        const sent = notifications.filter((notification) => notification.status === 'SENT');
        return sent.length === 2 && sent;
      },
      { timeoutMs: 30_000, what: 'the order-received and order-completed emails' },
    );
    expect(emails.map(({ type, orderId }) => ({ type, orderId }))).toEqual([
      { type: 'ORDER_COMPLETED', orderId: order.body.id },
      { type: 'ORDER_RECEIVED', orderId: order.body.id },
    ]);
    for (const email of emails) {
      const file = await readFile(join(MAIL_DIR, `${email.id}.eml`), 'utf8');
      expect(file).toContain(`To: E2E Shopper <${shopper.email}>`);
      expect(file).toContain(`Subject: ${email.subject}`);
    }
  });

  it('2. a declined card fails the payment; paying again with a good card completes the order', async () => {
    const itemId = await shopAdmin.createItem(5);
    const shopper = await newShopper();
    const order = (await shopper.order([{ itemId, quantity: 1 }])).body;

    expect((await shopper.pay(order, DECLINED_CARD)).body.status).toBe('FAILED');
    await waitForStatus(shopper, order.id, 'PAYMENT_FAILED');
    expect((await shopper.pay(order)).body.status).toBe('SUCCEEDED');
    await waitForStatus(shopper, order.id, 'COMPLETED');
  });

  it('3. cancelling before paying releases the hold', async () => {
    const itemId = await shopAdmin.createItem(3);
    const shopper = await newShopper();
    const order = (await shopper.order([{ itemId, quantity: 3 }])).body;
    expect(await availability(itemId)).toMatchObject({ available: 0 });

    expect((await shopper.cancel(order.id)).body.status).toBe('CANCELLED');
    await eventually(async () => (await availability(itemId)).available === 3, {
      what: 'hold released',
    });
  });

  it('4. cancelling after completion refunds the payment and restocks', async () => {
    const itemId = await shopAdmin.createItem(4);
    const shopper = await newShopper();
    const order = (await shopper.order([{ itemId, quantity: 2 }])).body;
    await shopper.pay(order);
    await waitForStatus(shopper, order.id, 'COMPLETED');

    expect((await shopper.cancel(order.id)).body.status).toBe('CANCELLED');

    await eventually(
      async () => (await shopper.getOrder(order.id)).body.paymentStatus === 'REFUNDED',
      { what: 'refund recorded' },
    );
    expect((await shopper.payments(order.id)).body.payments).toEqual([
      expect.objectContaining({ status: 'REFUNDED', refundedAmount: order.totalAmount }),
    ]);
    await eventually(async () => (await availability(itemId)).onHand === 4, {
      what: 'stock restocked',
    });
  });

  it('5. many buyers race for the last units: exactly the stock is sold, nothing goes negative', async () => {
    const itemId = await shopAdmin.createItem(3);
    const shoppers = await Promise.all(Array.from({ length: 12 }, async () => await newShopper()));
    const results = await Promise.all(
      shoppers.map(async (shopper) => {
        const order = await shopper.order([{ itemId, quantity: 1 }]);
        if (order.status !== 201) return { shopper, order: null, status: order.status };
        await shopper.pay(order.body);
        return { shopper, order: order.body, status: order.status };
      }),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(3);
    expect(results.filter((result) => result.status === 409)).toHaveLength(9);
    for (const { shopper, order } of results)
      if (order) await waitForStatus(shopper, order.id, 'COMPLETED');
    expect(await availability(itemId)).toEqual({ itemId, onHand: 0, reserved: 0, available: 0 });
  });

  it('6. a payment retried with one Idempotency-Key, also concurrently, charges once', async () => {
    const itemId = await shopAdmin.createItem(2);
    const shopper = await newShopper();
    const order = (await shopper.order([{ itemId, quantity: 1 }])).body;
    const key = `journey6-${crypto.randomUUID()}`;
    const attempts = await Promise.all(
      Array.from({ length: 8 }, async () => await shopper.pay(order, undefined, key)),
    );

    expect(attempts.every((attempt) => attempt.status === 201 || attempt.status === 409)).toBe(
      true,
    );
    expect((await shopper.pay(order, undefined, key)).status).toBe(201);
    expect((await shopper.payments(order.id)).body.payments).toHaveLength(1);
    await waitForStatus(shopper, order.id, 'COMPLETED');
  });

  it('7. a payment racing a cancellation ends refunded, never charged for a cancelled order', async () => {
    const itemId = await shopAdmin.createItem(10);
    const shoppers = await Promise.all(Array.from({ length: 5 }, async () => await newShopper()));
    await Promise.all(
      shoppers.map(async (shopper) => {
        const order = (await shopper.order([{ itemId, quantity: 1 }])).body;
        await Promise.all([shopper.pay(order), shopper.cancel(order.id)]);
        await waitForStatus(shopper, order.id, 'CANCELLED');
        await eventually(
          async () => {
            const payments = (await shopper.payments(order.id)).body.payments;
            return payments.every(
              (payment) => payment.status === 'FAILED' || payment.refundedAmount === payment.amount,
            );
          },
          { what: `charges of cancelled order ${order.id} refunded` },
        );
      }),
    );
    await eventually(
      async () =>
        (await availability(itemId)).onHand === 10 && (await availability(itemId)).reserved === 0,
      {
        what: 'stock back to 10',
      },
    );
  });

  it('8. the same events delivered again, and out of order, change nothing', async () => {
    const itemId = await shopAdmin.createItem(5);
    const shopper = await newShopper();
    const tap = await tapKafka(brokers, [TOPICS.payment, TOPICS.inventory]);
    try {
      const order = (await shopper.order([{ itemId, quantity: 2 }])).body;
      await shopper.pay(order);
      await waitForStatus(shopper, order.id, 'COMPLETED');
      const [paid] = await tap.waitFor(
        (message) => message.key === order.id && message.json?.type === 'PaymentSucceeded',
      );
      const [committed] = await tap.waitFor(
        (message) => message.key === order.id && message.json?.type === 'InventoryCommitted',
      );
      const [committedEvent, paidEvent] = [committed?.json, paid?.json] as unknown as ShopEvent[];
      // Out of order (the stock commit before the payment), then the payment twice more.
      await deliverEvents(brokers, 'order-service', [committedEvent as ShopEvent]);
      await deliverEvents(
        brokers,
        ['item-service', 'order-service'],
        [paidEvent as ShopEvent, paidEvent as ShopEvent],
      );

      expect(await availability(itemId)).toMatchObject({ onHand: 3, reserved: 0 });
      expect(await shopper.getOrder(order.id)).toMatchObject({
        body: { status: 'COMPLETED', paymentStatus: 'SUCCEEDED' },
      });
      expect((await shopper.payments(order.id)).body.payments).toHaveLength(1);
      const timeline = await call<{ events: { type: string }[] }>(
        `${URLS.order}/api/v1/orders/${order.id}/timeline`,
        'GET',
        {
          token: shopper.token,
        },
      );
      expect(
        timeline.body.events.filter((event) => event.type === 'PaymentSucceeded'),
      ).toHaveLength(1);
    } finally {
      await tap.close();
    }
  });

  it('11. one customer cannot read, pay, change or cancel another customer’s order, payments, cart or account', async () => {
    const itemId = await shopAdmin.createItem(2);
    const owner = await newShopper();
    const intruder = await newShopper();
    const order = (await owner.order([{ itemId, quantity: 1 }])).body;

    expect((await intruder.getOrder(order.id)).status).toBe(404);
    expect((await intruder.cancel(order.id)).status).toBe(404);
    expect((await intruder.pay(order)).status).toBe(404);
    expect((await intruder.payments(order.id)).body.payments).toEqual([]);
    const peek = await call(`${URLS.account}/api/v1/accounts/${owner.id}`, 'GET', {
      token: intruder.token,
    });
    expect(peek.status).toBe(404);
    await owner.addToCart(itemId, 1);
    expect((await intruder.cart()).body).toMatchObject({ userId: intruder.id, items: [] });
    const touch = await call(`${URLS.cart}/api/v1/cart/items/${itemId}`, 'DELETE', {
      token: intruder.token,
    });
    expect(touch.status).toBe(404);
    expect((await owner.cart()).body.items).toMatchObject([{ itemId, quantity: 1 }]);
    expect(await statusOf(owner, order.id)).toBe('PENDING_PAYMENT');
    await owner.cancel(order.id);
  });

  it('when the journeys are done and the system is quiet, then the audit finds every invariant intact', async () => {
    const violations = await eventually(
      async () => {
        const found = await audit(stores);
        return found.length === 0 ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: 'a clean audit' },
    ).catch(async () => await audit(stores));
    expect(violations).toEqual([]);
  });
});
