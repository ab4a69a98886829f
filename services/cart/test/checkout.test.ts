import { createEvent, TOPICS } from '@shop/contracts';
import { caughtUp, deliverEvents, eventually } from '@shop/testing';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import {
  bearer,
  type CartHarness,
  cartCall,
  createItem,
  stockOf,
  useCartService,
} from './support.js';

const harness = useCartService();
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');

const GOOD_CARD = {
  cardNumber: '4242424242424242',
  expMonth: 12,
  expYear: 2099,
  holderName: 'Ann Buyer',
};
const DECLINED_CARD = { ...GOOD_CARD, cardNumber: '4000000000000002' };

const pay = async (token: string, order: { id: string; totalAmount: number }, card = GOOD_CARD) =>
  await harness.payments.inject({
    method: 'POST',
    url: '/api/v1/payments',
    headers: { ...bearer(token), 'idempotency-key': `pay-${crypto.randomUUID()}` },
    payload: { orderId: order.id, amount: order.totalAmount, currency: 'USD', paymentMethod: card },
  });

const orderOf = async (token: string, orderId: string) =>
  (
    await harness.orders.inject({
      method: 'GET',
      url: `/api/v1/orders/${orderId}`,
      headers: bearer(token),
    })
  ).json();

const statusBecomes = async (token: string, orderId: string, status: string) =>
  await eventually(async () => (await orderOf(token, orderId)).status === status, {
    what: `order ${orderId} to become ${status}`,
  });

const linesOf = async (token: string) =>
  (await cartCall(harness, token, 'GET', ''))
    .json()
    .items.map(({ itemId, quantity }: { itemId: string; quantity: number }) => ({
      itemId,
      quantity,
    }));

/** Everything published so far has been handled by cart-service. */
const cartCaughtUp = async (h: CartHarness) =>
  await caughtUp(brokers, h.groupIds[0] ?? '', [TOPICS.order], h.topics.namespace);

const fillCart = async (token: string, lines: { itemId: string; quantity: number }[]) => {
  for (const line of lines) await cartCall(harness, token, 'POST', '/items', line);
};

describe('checkout', () => {
  it('when the cart is checked out and paid, then the order completes, stock is deducted and the cart is emptied', async () => {
    const { id, token } = await harness.identity.customer();
    const lamp = await createItem(harness, { unitPrice: 2_000, initialStock: 5 });
    const chair = await createItem(harness, { unitPrice: 7_500, initialStock: 5 });
    await fillCart(token, [
      { itemId: lamp.id, quantity: 2 },
      { itemId: chair.id, quantity: 1 },
    ]);
    const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

    const response = await cartCall(harness, token, 'POST', '/checkout', {
      shippingAddress: address,
    });

    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({
      userId: id,
      status: 'PENDING_PAYMENT',
      totalAmount: 11_500,
      shippingAddress: address,
      items: [
        { itemId: lamp.id, quantity: 2, unitPrice: 2_000 },
        { itemId: chair.id, quantity: 1, unitPrice: 7_500 },
      ],
    });
    expect(await stockOf(harness, lamp.id)).toMatchObject({ onHand: 5, reserved: 2 });
    expect((await pay(token, order)).json().status).toBe('SUCCEEDED');
    await statusBecomes(token, order.id, 'COMPLETED');
    await eventually(async () => (await linesOf(token)).length === 0, {
      what: 'the cart to empty',
    });
    expect(await stockOf(harness, lamp.id)).toMatchObject({ onHand: 3, reserved: 0 });
    const [rows] = await harness.pool.query<RowDataPacket[]>(
      'SELECT completed_at FROM checkouts WHERE order_id = ?',
      [order.id],
    );
    expect(rows[0]?.completed_at).toBeInstanceOf(Date);
  });

  it('when lines change after checkout, then completion removes only what the order bought', async () => {
    const { token } = await harness.identity.customer();
    const lamp = await createItem(harness);
    const chair = await createItem(harness);
    await fillCart(token, [{ itemId: lamp.id, quantity: 2 }]);
    const order = (await cartCall(harness, token, 'POST', '/checkout')).json();
    await cartCall(harness, token, 'PATCH', `/items/${lamp.id}`, { quantity: 3 });
    await fillCart(token, [{ itemId: chair.id, quantity: 1 }]);

    await pay(token, order);
    await statusBecomes(token, order.id, 'COMPLETED');

    await eventually(async () => (await linesOf(token))[0]?.quantity === 1, {
      what: 'the bought lamps to leave',
    });
    expect(await linesOf(token)).toEqual([
      { itemId: lamp.id, quantity: 1 },
      { itemId: chair.id, quantity: 1 },
    ]);
  });

  it('when the payment is declined and the order then cancelled, then the cart stays as it was', async () => {
    const { token } = await harness.identity.customer();
    const item = await createItem(harness);
    await fillCart(token, [{ itemId: item.id, quantity: 2 }]);
    const before = await linesOf(token);
    const order = (await cartCall(harness, token, 'POST', '/checkout')).json();

    expect((await pay(token, order, DECLINED_CARD)).json().status).toBe('FAILED');
    await statusBecomes(token, order.id, 'PAYMENT_FAILED');
    await harness.orders.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: bearer(token),
    });
    await statusBecomes(token, order.id, 'CANCELLED');
    await cartCaughtUp(harness);

    expect(await linesOf(token)).toEqual(before);
    const again = await cartCall(harness, token, 'POST', '/checkout');
    expect(again.statusCode).toBe(201);
    expect(again.json().id).not.toBe(order.id);
  });

  it('when checkout is clicked twice at once, then one order is placed', async () => {
    const { token } = await harness.identity.customer();
    const item = await createItem(harness, { initialStock: 10 });
    await fillCart(token, [{ itemId: item.id, quantity: 3 }]);

    const responses = await Promise.all([
      cartCall(harness, token, 'POST', '/checkout'),
      cartCall(harness, token, 'POST', '/checkout'),
    ]);

    const placed = responses.filter((response) => response.statusCode === 201);
    expect(placed.length).toBeGreaterThan(0);
    for (const response of responses.filter((r) => r.statusCode !== 201))
      expect(response.json().code).toBe('request-in-progress');
    expect(new Set(placed.map((response) => response.json().id)).size).toBe(1);
    const mine = (
      await harness.orders.inject({ method: 'GET', url: '/api/v1/orders', headers: bearer(token) })
    ).json();
    expect(mine.orders).toHaveLength(1);
    expect(await stockOf(harness, item.id)).toMatchObject({ reserved: 3 });
  });

  it('when the client retries with its Idempotency-Key, then the first order comes back', async () => {
    const { token } = await harness.identity.customer();
    await fillCart(token, [{ itemId: (await createItem(harness)).id, quantity: 1 }]);
    const key = { 'idempotency-key': `checkout-${crypto.randomUUID()}` };

    const first = await cartCall(harness, token, 'POST', '/checkout', undefined, key);
    const retry = await cartCall(harness, token, 'POST', '/checkout', undefined, key);

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(first.json().id);
  });

  it('when the cart is empty or stock is short, then checkout is refused and the cart is unchanged', async () => {
    const { token } = await harness.identity.customer();
    const empty = await cartCall(harness, token, 'POST', '/checkout');
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ code: 'cart-empty', detail: 'The cart is empty' });

    const item = await createItem(harness, { initialStock: 2 });
    await fillCart(token, [{ itemId: item.id, quantity: 2 }]);
    const rival = await harness.identity.customer();
    await harness.orders.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: bearer(rival.token),
      payload: { items: [{ itemId: item.id, quantity: 1 }] },
    });

    const short = await cartCall(harness, token, 'POST', '/checkout');
    expect(short.statusCode).toBe(409);
    expect(short.json().shortLines).toEqual([{ itemId: item.id, requested: 2, available: 1 }]);
    expect(await linesOf(token)).toEqual([{ itemId: item.id, quantity: 2 }]);
  });

  it('when OrderCompleted arrives twice or under a new event id, then the lines are removed once', async () => {
    const { id, token } = await harness.identity.customer();
    const item = await createItem(harness);
    await fillCart(token, [{ itemId: item.id, quantity: 2 }]);
    const order = (await cartCall(harness, token, 'POST', '/checkout')).json();
    await cartCall(harness, token, 'PATCH', `/items/${item.id}`, { quantity: 5 });
    const completed = createEvent('OrderCompleted', {
      orderId: order.id,
      source: 'order-service',
      data: { userId: id },
    });
    const replayed = createEvent('OrderCompleted', {
      orderId: order.id,
      source: 'order-service',
      data: { userId: id },
    });

    await deliverEvents(
      brokers,
      harness.groupIds[0] ?? '',
      [completed, completed, replayed],
      harness.topics.namespace,
    );

    expect(await linesOf(token)).toEqual([{ itemId: item.id, quantity: 3 }]);
  });

  it('when an order not placed from the cart completes, then the cart is left alone', async () => {
    const { id, token } = await harness.identity.customer();
    const item = await createItem(harness);
    await fillCart(token, [{ itemId: item.id, quantity: 1 }]);
    const elsewhere = createEvent('OrderCompleted', {
      orderId: crypto.randomUUID(),
      source: 'order-service',
      data: { userId: id },
    });

    await deliverEvents(brokers, harness.groupIds[0] ?? '', [elsewhere], harness.topics.namespace);

    expect(await linesOf(token)).toEqual([{ itemId: item.id, quantity: 1 }]);
  });
});
