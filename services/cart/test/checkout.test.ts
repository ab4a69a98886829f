import { createEvent, type Order, type ShopEvent } from '@shop/contracts';
import { closedPortUrl, deliverEvents, problem } from '@shop/testing';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { bearer, cartCall, storedLines, useCartService } from './support.js';

const harness = useCartService();
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

/** Publishes events on order.events and waits until cart-service has handled them. */
const deliver = async (...events: ShopEvent[]) =>
  await deliverEvents(brokers, harness.groupId, events, harness.topics.namespace);

const orderEvent = (
  type: 'OrderCompleted' | 'OrderCancelled',
  order: Pick<Order, 'id' | 'userId'>,
): ShopEvent =>
  type === 'OrderCompleted'
    ? createEvent(type, {
        orderId: order.id,
        source: 'order-service',
        data: { userId: order.userId },
      })
    : createEvent(type, {
        orderId: order.id,
        source: 'order-service',
        data: {
          userId: order.userId,
          reason: 'customer_request',
          paid: false,
          previousStatus: 'PAYMENT_FAILED',
        },
      });

const linesOf = async (token: string) =>
  (await cartCall(harness, token, 'GET', ''))
    .json()
    .items.map(({ itemId, quantity }: { itemId: string; quantity: number }) => ({
      itemId,
      quantity,
    }));

const checkoutRows = async (userId: string) =>
  (
    await harness.pool.query<RowDataPacket[]>(
      'SELECT order_id, cart_version, lines_json, completed_at FROM checkouts WHERE user_id = ?',
      [userId],
    )
  )[0];

const fillCart = async (token: string, lines: { itemId: string; quantity: number }[]) => {
  for (const line of lines) await cartCall(harness, token, 'POST', '/items', line);
};

/** What cart-service sent to order-service for this customer's token. */
const placedBy = (token: string) =>
  harness.orderService.placed.filter((call) => call.authorization === `Bearer ${token}`);

describe('checkout', () => {
  it('when the cart is checked out, then the order is placed as the customer and the cart empties once OrderCompleted arrives', async () => {
    const { id, token } = harness.accounts.customer();
    const lamp = harness.catalog.add({ unitPrice: 2_000, initialStock: 5 });
    const chair = harness.catalog.add({ unitPrice: 7_500, initialStock: 5 });
    await fillCart(token, [
      { itemId: lamp.id, quantity: 2 },
      { itemId: chair.id, quantity: 1 },
    ]);
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

    const response = await cartCall(harness, token, 'POST', '/checkout', {
      shippingAddress: address,
    });

    expect(response.statusCode).toBe(201);
    const order = response.json() as Order;
    expect(order).toMatchObject({
      userId: id,
      status: 'PENDING_PAYMENT',
      totalAmount: 11_500,
      shippingAddress: address,
    });
    expect(placedBy(token)).toEqual([
      {
        authorization: `Bearer ${token}`,
        idempotencyKey: expect.stringMatching(/^cart-version-\d+$/),
        body: {
          items: [
            { itemId: lamp.id, quantity: 2 },
            { itemId: chair.id, quantity: 1 },
          ],
          shippingAddress: address,
        },
      },
    ]);
    // The cart stays until the order completes: a failed payment leaves it for another try.
    expect(await linesOf(token)).toHaveLength(2);

    await deliver(orderEvent('OrderCompleted', order));

    expect(await linesOf(token)).toEqual([]);
    const [checkout] = await checkoutRows(id);
    expect(checkout?.order_id).toBe(order.id);
    expect(checkout?.completed_at).toBeInstanceOf(Date);
  });

  it('when lines change after checkout, then completion removes only what the order bought', async () => {
    const { token } = harness.accounts.customer();
    const lamp = harness.catalog.add();
    const chair = harness.catalog.add();
    await fillCart(token, [{ itemId: lamp.id, quantity: 2 }]);
    const order = (await cartCall(harness, token, 'POST', '/checkout')).json() as Order;
    await cartCall(harness, token, 'PATCH', `/items/${lamp.id}`, { quantity: 3 });
    await fillCart(token, [{ itemId: chair.id, quantity: 1 }]);

    await deliver(orderEvent('OrderCompleted', order));

    expect(await linesOf(token)).toEqual([
      { itemId: lamp.id, quantity: 1 },
      { itemId: chair.id, quantity: 1 },
    ]);
  });

  it('when the order is cancelled instead, then the cart stays as it was and a new checkout places a new order', async () => {
    const { token } = harness.accounts.customer();
    const item = harness.catalog.add();
    await fillCart(token, [{ itemId: item.id, quantity: 2 }]);
    const before = await linesOf(token);
    const order = (await cartCall(harness, token, 'POST', '/checkout')).json() as Order;

    await deliver(orderEvent('OrderCancelled', order));

    expect(await linesOf(token)).toEqual(before);
    const again = await cartCall(harness, token, 'POST', '/checkout');
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(order.id);
    const [first, second] = placedBy(token);
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
  });

  it('when checkout is clicked twice at once, then both clicks send one Idempotency-Key and one checkout is recorded', async () => {
    const { id, token } = harness.accounts.customer();
    await fillCart(token, [{ itemId: harness.catalog.add().id, quantity: 3 }]);
    // The first click is still at order-service when the second one is sent.
    harness.orderService.holdUntil(2);

    const responses = await Promise.all([
      cartCall(harness, token, 'POST', '/checkout'),
      cartCall(harness, token, 'POST', '/checkout'),
    ]);

    expect(responses.map((response) => response.statusCode)).toEqual([201, 201]);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const keys = placedBy(token).map((call) => call.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(await checkoutRows(id)).toHaveLength(1);
  });

  it('when the client retries with its Idempotency-Key after the cart moved on, then order-service gets the same key and the first order comes back', async () => {
    const { token } = harness.accounts.customer();
    const item = harness.catalog.add();
    await fillCart(token, [{ itemId: item.id, quantity: 1 }]);
    const key = { 'idempotency-key': `checkout-${crypto.randomUUID()}` };

    const first = await cartCall(harness, token, 'POST', '/checkout', undefined, key);
    await cartCall(harness, token, 'PATCH', `/items/${item.id}`, { quantity: 2 });
    const retry = await cartCall(harness, token, 'POST', '/checkout', undefined, key);

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
    const [sent, resent] = placedBy(token);
    expect(sent?.idempotencyKey).toMatch(/^cart-[0-9a-f]{40}$/);
    expect(resent?.idempotencyKey).toBe(sent?.idempotencyKey);
  });

  it('when the cart is empty, then 409 and order-service is not asked', async () => {
    const { token } = harness.accounts.customer();
    const empty = await cartCall(harness, token, 'POST', '/checkout');
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ code: 'cart-empty', detail: 'The cart is empty' });
    expect(placedBy(token)).toEqual([]);
  });

  it('when order-service refuses for short stock, then its 409 and short lines are passed on and nothing is recorded', async () => {
    const { id, token } = harness.accounts.customer();
    const item = harness.catalog.add({ initialStock: 2 });
    await fillCart(token, [{ itemId: item.id, quantity: 2 }]);
    const shortLines = [{ itemId: item.id, requested: 2, available: 1 }];
    harness.orderService.answerNext(
      problem(409, 'insufficient-stock', 'Not enough stock for some items', { shortLines }),
    );

    const short = await cartCall(harness, token, 'POST', '/checkout');

    expect(short.statusCode).toBe(409);
    expect(short.json()).toMatchObject({ code: 'insufficient-stock', shortLines });
    expect(await linesOf(token)).toEqual([{ itemId: item.id, quantity: 2 }]);
    expect(await checkoutRows(id)).toEqual([]);
  });

  it('when order-service fails, rejects its own caller or cannot be reached, then 503 and nothing is recorded', async () => {
    const { id, token } = harness.accounts.customer();
    await fillCart(token, [{ itemId: harness.catalog.add().id, quantity: 1 }]);
    harness.orderService.answerNext(problem(500, 'internal', 'boom'));
    harness.orderService.answerNext(problem(401, 'unauthorized', 'unknown issuer'));

    for (const answer of [
      await cartCall(harness, token, 'POST', '/checkout'),
      await cartCall(harness, token, 'POST', '/checkout'),
    ]) {
      expect(answer.statusCode).toBe(503);
      expect(answer.json().detail).toMatch(/^order-service answered (500|401); try again$/);
    }
    const cut = await harness.cartWith({ orderServiceUrl: await closedPortUrl() });
    try {
      const unreachable = await cut.inject({
        method: 'POST',
        url: '/api/v1/cart/checkout',
        headers: bearer(token),
      });
      expect(unreachable.statusCode).toBe(503);
      expect(unreachable.json().detail).toBe('order-service is unreachable; try again');
    } finally {
      await cut.close();
    }
    expect(await checkoutRows(id)).toEqual([]);
    expect(await storedLines(harness, id)).toHaveLength(1);
  });

  it('when OrderCompleted arrives twice or under a new event id, then the lines are removed once', async () => {
    const { token } = harness.accounts.customer();
    const item = harness.catalog.add();
    await fillCart(token, [{ itemId: item.id, quantity: 2 }]);
    const order = (await cartCall(harness, token, 'POST', '/checkout')).json() as Order;
    await cartCall(harness, token, 'PATCH', `/items/${item.id}`, { quantity: 5 });
    const completed = orderEvent('OrderCompleted', order);

    await deliver(completed, completed, orderEvent('OrderCompleted', order));

    expect(await linesOf(token)).toEqual([{ itemId: item.id, quantity: 3 }]);
  });

  it('when an order not placed from the cart completes, then the cart is left alone', async () => {
    const { id, token } = harness.accounts.customer();
    const item = harness.catalog.add();
    await fillCart(token, [{ itemId: item.id, quantity: 1 }]);

    await deliver(orderEvent('OrderCompleted', { id: crypto.randomUUID(), userId: id }));

    expect(await linesOf(token)).toEqual([{ itemId: item.id, quantity: 1 }]);
  });
});
