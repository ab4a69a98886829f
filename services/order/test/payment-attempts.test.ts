import { createEvent, type ShopEvent, TOPICS } from '@shop/contracts';
import { deliverEvents, eventually, type KafkaTap, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createItem, placeOrder, useOrderService } from './support.js';

const harness = useOrderService({ consumer: true, sweeper: false });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let tap: KafkaTap;
let serviceToken: string;
beforeAll(async () => {
  tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.order)]);
  serviceToken = harness.accounts.serviceToken('payment-service');
});
afterAll(async () => await tap?.close());

interface TestOrder {
  id: string;
  userId: string;
  totalAmount: number;
  version: number;
  items: { itemId: string; quantity: number }[];
}

const deliver = async (...events: ShopEvent[]) =>
  await deliverEvents(brokers, harness.groupId, events, harness.topics.namespace);

const newOrder = async (quantity = 1, stock = 20) => {
  const customer = harness.accounts.customer();
  const item = createItem(harness, stock);
  const response = await placeOrder(harness, customer.token, [{ itemId: item.id, quantity }]);
  return { customer, item, order: response.json() as TestOrder };
};

const register = async (
  order: TestOrder,
  attempt: { paymentId?: string; attempt?: number; amount?: number; userId?: string } = {},
  token = serviceToken,
) => {
  const body = {
    paymentId: attempt.paymentId ?? crypto.randomUUID(),
    attempt: attempt.attempt ?? 1,
    userId: attempt.userId ?? order.userId,
    amount: attempt.amount ?? order.totalAmount,
    currency: 'USD',
  };
  const response = await harness.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${order.id}/payment-attempts`,
    headers: bearer(token),
    payload: body,
  });
  return { response, body };
};

const patchItems = async (order: TestOrder, token: string, quantity: number) =>
  await harness.app.inject({
    method: 'PATCH',
    url: `/api/v1/orders/${order.id}`,
    headers: bearer(token),
    payload: { items: [{ itemId: order.items[0]?.itemId, quantity }] },
  });

const readOrder = async (id: string, token: string) =>
  (
    await harness.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: bearer(token) })
  ).json();

const holdOf = (orderId: string) => harness.items.hold(orderId);

/** What item-service does on PaymentSucceeded: commits the hold and says so. */
const commitStock = (order: TestOrder) => {
  harness.items.setHold(order.id, { status: 'COMMITTED' });
  return createEvent('InventoryCommitted', {
    orderId: order.id,
    source: 'item-service',
    data: { lines: order.items.map(({ itemId, quantity }) => ({ itemId, quantity })) },
  });
};

const payment = (
  type: 'PaymentSucceeded' | 'PaymentFailed',
  order: TestOrder,
  { paymentId, attempt, amount }: { paymentId: string; attempt: number; amount?: number },
) =>
  type === 'PaymentSucceeded'
    ? createEvent('PaymentSucceeded', {
        orderId: order.id,
        source: 'payment-service',
        data: {
          paymentId,
          attempt,
          userId: order.userId,
          amount: amount ?? order.totalAmount,
          currency: 'USD',
          transactionId: `sim_${crypto.randomUUID()}`,
          card: { brand: 'visa', last4: '4242' },
        },
      })
    : createEvent('PaymentFailed', {
        orderId: order.id,
        source: 'payment-service',
        data: {
          paymentId,
          attempt,
          userId: order.userId,
          amount: order.totalAmount,
          currency: 'USD',
          reason: 'card_declined',
        },
      });

const statusOf = async (order: TestOrder, token: string, wanted: string) =>
  await eventually(async () => {
    const current = await readOrder(order.id, token);
    return current.status === wanted ? current : undefined;
  });

describe('payment attempts: the order is paid for exactly what the customer saw', () => {
  it('when a payment attempt is registered, then changing the items is refused with 409 and nothing changes', async () => {
    const { customer, order } = await newOrder(1);
    const { response } = await register(order);
    expect(response.statusCode).toBe(200);

    const patched = await patchItems(order, customer.token, 5);

    expect(patched.statusCode).toBe(409);
    expect(patched.json()).toMatchObject({ type: expect.stringContaining('payment-started') });
    const current = await readOrder(order.id, customer.token);
    expect(current).toMatchObject({ totalAmount: order.totalAmount, version: order.version + 1 });
    expect(holdOf(order.id)?.lines).toEqual([{ itemId: order.items[0]?.itemId, quantity: 1 }]);
  });

  it('when the registered attempt fails, then the order is PAYMENT_FAILED and may change again', async () => {
    const { customer, order } = await newOrder(1);
    const { body } = await register(order);
    // An older attempt's failure does not free the order.
    await deliver(payment('PaymentFailed', order, { paymentId: body.paymentId, attempt: 7 }));
    await statusOf(order, customer.token, 'PAYMENT_FAILED');
    expect((await patchItems(order, customer.token, 2)).statusCode).toBe(409);

    await deliver(payment('PaymentFailed', order, body));

    await eventually(async () => (await patchItems(order, customer.token, 2)).statusCode === 200);
    expect(await readOrder(order.id, customer.token)).toMatchObject({
      status: 'PAYMENT_FAILED',
      totalAmount: order.totalAmount * 2,
    });
  });

  it('when the attempt is for another customer, the wrong amount, a paid order, or not from a service, then 404, 422, 409, 403', async () => {
    const { customer, order } = await newOrder(1);
    const stranger = harness.accounts.customer();

    expect((await register(order, { userId: stranger.id })).response.statusCode).toBe(404);
    const wrongAmount = (await register(order, { amount: order.totalAmount + 1 })).response;
    expect(wrongAmount.statusCode).toBe(422);
    expect(wrongAmount.json()).toMatchObject({ type: expect.stringContaining('amount-mismatch') });
    expect((await register(order, {}, customer.token)).response.statusCode).toBe(403);
    expect((await readOrder(order.id, customer.token)).version).toBe(order.version);

    const { body } = await register(order);
    await deliver(payment('PaymentSucceeded', order, body), commitStock(order));
    await statusOf(order, customer.token, 'COMPLETED');
    const late = (await register(order)).response;
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ type: expect.stringContaining('order-not-payable') });
  });

  it("when another service's SERVICE token registers an attempt, even with a bad body, then 403 and the order is unchanged", async () => {
    const { customer, order } = await newOrder(1);
    for (const service of ['order-service', 'notification-service'] as const) {
      const token = harness.accounts.serviceToken(service);
      expect((await register(order, {}, token)).response.statusCode).toBe(403);
      const junk = await harness.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/payment-attempts`,
        headers: bearer(token),
        payload: { amount: 'all', role: 'ADMIN' },
      });
      expect(junk.statusCode).toBe(403);
    }
    const anonymous = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/payment-attempts`,
      payload: { amount: 'all' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await readOrder(order.id, customer.token)).version).toBe(order.version);
  });

  it("when payment-service reads the order it charges, then 200, but may not change it; another service's token, then 403", async () => {
    const { order } = await newOrder(1);
    const read = async (token: string) =>
      await harness.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${order.id}`,
        headers: bearer(token),
      });
    expect((await read(serviceToken)).statusCode).toBe(200);
    // Reading is all it may do with the order: changing its items is the customer's.
    const change = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(serviceToken),
      payload: { items: [{ itemId: order.items[0]?.itemId, quantity: 2 }] },
    });
    expect(change.statusCode).toBe(403);
    expect((await read(harness.accounts.serviceToken('notification-service'))).statusCode).toBe(
      403,
    );
  });

  it('when a change stopped between its hold and its order write, then registering the payment puts the hold back to the order', async () => {
    const { customer, order } = await newOrder(1);
    // What a crash after item-service's PUT and before the order's LWT leaves behind.
    harness.items.setHold(order.id, {
      lines: [{ itemId: order.items[0]?.itemId ?? '', quantity: 4 }],
    });

    const { response, body } = await register(order);

    expect(response.statusCode).toBe(200);
    expect(holdOf(order.id)?.lines).toEqual([{ itemId: order.items[0]?.itemId, quantity: 1 }]);
    await deliver(payment('PaymentSucceeded', order, body), commitStock(order));
    await statusOf(order, customer.token, 'COMPLETED');
  });

  it('when a payment succeeds for another amount than the total, then the order is cancelled (payment_mismatch) with paid: true', async () => {
    const { customer, order } = await newOrder(2);
    const { body } = await register(order);

    await deliver(payment('PaymentSucceeded', order, { ...body, amount: order.totalAmount - 100 }));

    const cancelled = await statusOf(order, customer.token, 'CANCELLED');
    expect(cancelled).toMatchObject({
      cancelReason: 'payment_mismatch',
      paymentStatus: 'SUCCEEDED',
      paymentId: body.paymentId,
    });
    const [event] = await tap.waitFor(
      (message) => message.key === order.id && message.headers['event-type'] === 'OrderCancelled',
    );
    expect(event?.json?.data).toMatchObject({ reason: 'payment_mismatch', paid: true });
  });

  it('when the committed stock is not what the order bought, then the order is cancelled (inventory_mismatch)', async () => {
    const { customer, order } = await newOrder(1);
    const { body } = await register(order);
    await deliver(
      createEvent('InventoryCommitted', {
        orderId: order.id,
        source: 'item-service',
        data: { lines: [{ itemId: order.items[0]?.itemId ?? '', quantity: 3 }] },
      }),
      payment('PaymentSucceeded', order, body),
    );

    const cancelled = await statusOf(order, customer.token, 'CANCELLED');
    expect(cancelled.cancelReason).toBe('inventory_mismatch');
  });

  it('when the hold is no longer HELD but the order has not heard yet, then a change answers 409, not 503', async () => {
    const { customer, order } = await newOrder(1);
    // item-service moved the hold on (as when it committed it first); order-service lags.
    harness.items.setHold(order.id, { status: 'COMMITTED' });

    const patched = await patchItems(order, customer.token, 2);

    expect(patched.statusCode).toBe(409);
  });
});
