import { createEvent, type ShopEvent, TOPICS } from '@shop/contracts';
import { deliverEvents, eventually, type KafkaTap, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf } from '../src/data/cassandra.js';
import { sweepDeadlines } from '../src/jobs/deadline-sweeper.js';
import { bearer, createItem, placeOrder, useOrderService } from './support.js';

const harness = useOrderService({ consumer: true, sweeper: false });
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let tap: KafkaTap;
beforeAll(async () => {
  tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.order)]);
});
afterAll(async () => await tap?.close());

const deliver = async (...events: ShopEvent[]) =>
  await deliverEvents(brokers, harness.groupId, events, harness.topics.namespace);

const paymentSucceeded = (order: { id: string; userId: string; totalAmount: number }) =>
  createEvent('PaymentSucceeded', {
    orderId: order.id,
    source: 'payment-service',
    data: {
      paymentId: crypto.randomUUID(),
      userId: order.userId,
      amount: order.totalAmount,
      currency: 'USD',
      transactionId: `sim_${crypto.randomUUID()}`,
      card: { brand: 'visa', last4: '4242' },
    },
  });

/** What item-service does on PaymentSucceeded: commits the hold and says so. */
const commitStock = (order: { id: string; items: { itemId: string; quantity: number }[] }) => {
  harness.items.setHold(order.id, { status: 'COMMITTED' });
  return createEvent('InventoryCommitted', {
    orderId: order.id,
    source: 'item-service',
    data: { lines: order.items.map(({ itemId, quantity }) => ({ itemId, quantity })) },
  });
};

const newOrder = async (quantity = 1, stock = 10) => {
  const customer = harness.accounts.customer();
  const item = createItem(harness, stock);
  const order = (await placeOrder(harness, customer.token, [{ itemId: item.id, quantity }])).json();
  return { customer, item, order };
};

const readOrder = async (id: string, token: string) =>
  (
    await harness.app.inject({ method: 'GET', url: `/api/v1/orders/${id}`, headers: bearer(token) })
  ).json();

const orderEvents = (orderId: string) => tap.messages.filter((message) => message.key === orderId);

describe('the order side of the saga', () => {
  it('when the payment succeeds, then PAID; when the stock is committed, then COMPLETED; events in order on order.events', async () => {
    const { customer, order } = await newOrder(2);
    const payment = paymentSucceeded(order);

    await deliver(payment, payment);
    expect(await readOrder(order.id, customer.token)).toMatchObject({
      status: 'PAID',
      version: 2,
    });
    await deliver(commitStock(order));

    const final = await eventually(async () => {
      const current = await readOrder(order.id, customer.token);
      return current.status === 'COMPLETED' ? current : undefined;
    });
    expect(final).toMatchObject({ paymentStatus: 'SUCCEEDED', paymentId: payment.data.paymentId });
    const published = await tap.waitFor((message) => message.key === order.id, 3);
    expect(published.map((message) => message.headers['event-type'])).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderCompleted',
    ]);
    expect(
      published.every((message) => message.headers['event-id'] === message.json?.eventId),
    ).toBe(true);

    const timeline = (
      await harness.app.inject({
        method: 'GET',
        url: `/api/v1/orders/${order.id}/timeline`,
        headers: bearer(customer.token),
      })
    ).json();
    const types = timeline.events.map(
      (entry: { type: string; source: string }) => `${entry.source}:${entry.type}`,
    );
    // The redelivered PaymentSucceeded changed nothing and is in the timeline once.
    expect(types).toEqual([
      'order-service:OrderCreated',
      'payment-service:PaymentSucceeded',
      'order-service:OrderPaid',
      'item-service:InventoryCommitted',
      'order-service:OrderCompleted',
    ]);
    const times = timeline.events.map((entry: { occurredAt: string }) => entry.occurredAt);
    expect([...times].sort()).toEqual(times);
  });

  it('when an order is PAID, then the PAID index names it and /metrics ages it; once COMPLETED, the index forgets it', async () => {
    const { customer, order } = await newOrder();
    const indexed = async () =>
      (
        await harness.cassandra.execute(
          'SELECT order_id, paid_at FROM orders_paid WHERE bucket = ?',
          [bucketOf(order.id)],
          { prepare: true },
        )
      ).rows.filter((row) => row.order_id.toString() === order.id);
    const paidAge = async () => {
      const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find((entry) => entry.startsWith('orders_paid_oldest_age_seconds{'));
      return Number(line?.split(' ').pop());
    };

    await deliver(paymentSucceeded(order));
    const paid = await eventually(async () => {
      const current = await readOrder(order.id, customer.token);
      return current.status === 'PAID' ? current : undefined;
    });
    const rows = await indexed();
    expect(rows.map((row) => (row.paid_at as Date).toISOString())).toEqual([paid.updatedAt]);
    // The oldest PAID order is this one or older: after 2 s the gauge says at least that.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await eventually(async () => (await paidAge()) >= 2, { timeoutMs: 5_000 });

    await deliver(commitStock(order));
    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'COMPLETED',
    );
    expect(await indexed()).toEqual([]);
  });

  it('when sagas complete, then /metrics times their stages and shows the consumer lag and the outbox backlog', async () => {
    const stageCount = async (stage: string) => {
      const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find(
          (entry) =>
            entry.startsWith('saga_stage_duration_seconds_count') &&
            entry.includes(`stage="${stage}"`),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await stageCount('created_to_completed');
    const { customer, order } = await newOrder();

    await deliver(paymentSucceeded(order), commitStock(order));
    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'COMPLETED',
    );

    expect(await stageCount('created_to_completed')).toBe(before + 1);
    const lines = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body.split('\n');
    const has = (name: string, ...labels: string[]) =>
      lines.some(
        (line) => line.startsWith(`${name}{`) && labels.every((label) => line.includes(label)),
      );
    expect(
      has(
        'saga_stage_duration_seconds_count',
        'stage="created_to_paid"',
        'service="order-service"',
      ),
    ).toBe(true);
    expect(has('saga_stage_duration_seconds_count', 'stage="paid_to_completed"')).toBe(true);
    expect(
      has('kafka_event_handler_duration_seconds_count', 'type="PaymentSucceeded"', 'outcome="ok"'),
    ).toBe(true);
    expect(has('kafka_consumer_lag', 'topic=')).toBe(true);
    expect(has('outbox_pending_events')).toBe(true);
    expect(has('outbox_oldest_pending_age_seconds')).toBe(true);
    expect(has('outbox_published_events_total', 'topic="order.events"')).toBe(true);
  });

  it('when a payment fails, then PAYMENT_FAILED; a later successful payment still completes the order', async () => {
    const { customer, order } = await newOrder();
    await deliver(
      createEvent('PaymentFailed', {
        orderId: order.id,
        source: 'payment-service',
        data: {
          paymentId: crypto.randomUUID(),
          userId: order.userId,
          amount: order.totalAmount,
          currency: 'USD',
          reason: 'card_declined',
        },
      }),
    );
    expect(await readOrder(order.id, customer.token)).toMatchObject({
      status: 'PAYMENT_FAILED',
      paymentStatus: 'FAILED',
    });

    await deliver(paymentSucceeded(order), commitStock(order));

    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'COMPLETED',
    );
  });

  it('when InventoryCommitted overtakes PaymentSucceeded, then the order still completes', async () => {
    const { customer, order } = await newOrder();
    const committed = createEvent('InventoryCommitted', {
      orderId: order.id,
      source: 'item-service',
      data: { lines: [{ itemId: order.items[0].itemId, quantity: 1 }] },
    });
    await deliver(committed);
    expect((await readOrder(order.id, customer.token)).status).toBe('PENDING_PAYMENT');

    await deliver(paymentSucceeded(order));

    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'COMPLETED',
    );
    const types = orderEvents(order.id).map((message) => message.headers['event-type']);
    await eventually(() => orderEvents(order.id).length >= 3);
    expect(types.filter((type) => type === 'OrderCompleted').length).toBeLessThanOrEqual(1);
  });

  it('when stock cannot be committed for a paid order, then it is CANCELLED (out_of_stock) with paid: true', async () => {
    const { customer, order } = await newOrder();
    const failed = createEvent('InventoryCommitFailed', {
      orderId: order.id,
      source: 'item-service',
      data: { reason: 'insufficient_stock', shortLines: [] },
    });
    await deliver(paymentSucceeded(order), failed);

    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'CANCELLED',
    );
    const [cancelled] = await tap.waitFor(
      (message) => message.key === order.id && message.json?.type === 'OrderCancelled',
    );
    expect(cancelled?.json?.data).toMatchObject({ reason: 'out_of_stock', paid: true });
  });

  it('when cancellations race payments, then every order ends CANCELLED and paid says whether money was taken', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, async () => await newOrder()));
    await Promise.all(
      orders.map(async ({ customer, order }) => {
        await Promise.all([
          deliver(paymentSucceeded(order)),
          harness.app.inject({
            method: 'POST',
            url: `/api/v1/orders/${order.id}/cancel`,
            headers: bearer(customer.token),
            payload: {},
          }),
        ]);
      }),
    );

    for (const { customer, order } of orders) {
      const final = await readOrder(order.id, customer.token);
      expect(final.status).toBe('CANCELLED');
      const [cancelled] = await tap.waitFor(
        (message) => message.key === order.id && message.json?.type === 'OrderCancelled',
      );
      expect((cancelled?.json?.data as { paid?: boolean } | undefined)?.paid).toBe(
        final.paymentStatus === 'SUCCEEDED',
      );
    }
  });

  it('when an unpaid order passes its deadline, then the sweeper cancels it (payment_timeout) and announces it for the hold to be released', async () => {
    const { customer, order } = await newOrder(3);
    expect(await sweepDeadlines(harness.domain(() => new Date(Date.now() + 60_000)))).toBe(0);

    await sweepDeadlines(harness.domain(() => new Date(Date.now() + 16 * 60_000)));

    expect(await readOrder(order.id, customer.token)).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'payment_timeout',
    });
    const [cancelled] = await tap.waitFor(
      (message) => message.key === order.id && message.json?.type === 'OrderCancelled',
    );
    expect(cancelled?.json?.data).toMatchObject({
      reason: 'payment_timeout',
      paid: false,
      previousStatus: 'PENDING_PAYMENT',
    });
  });

  it('when an order batch failed after its listing row and deadline were written, then the listing skips it and the sweeper clears the deadline', async () => {
    const { customer, order } = await newOrder();
    const never = crypto.randomUUID();
    const past = new Date(Date.now() - 60_000);
    const deadline = [bucketOf(never), past, never];
    await harness.cassandra.execute(
      'INSERT INTO orders_by_user (user_id, created_at, order_id) VALUES (?, ?, ?)',
      [customer.id, new Date(), never],
      { prepare: true },
    );
    await harness.cassandra.execute(
      'INSERT INTO order_deadlines (bucket, expires_at, order_id) VALUES (?, ?, ?)',
      deadline,
      { prepare: true },
    );

    const list = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: bearer(customer.token),
    });
    expect(await sweepDeadlines(harness.domain())).toBe(0);

    expect(list.json().orders.map((listed: { id: string }) => listed.id)).toEqual([order.id]);
    const left = await harness.cassandra.execute(
      'SELECT order_id FROM order_deadlines WHERE bucket = ? AND expires_at = ? AND order_id = ?',
      deadline,
      { prepare: true },
    );
    expect(left.rowLength).toBe(0);
  });

  it('when index rows are deleted as routine (deadlines, outbox hints, the PAID index, former statuses), then their tombstones may go at the next compaction', async () => {
    const tables = await harness.cassandra.execute(
      'SELECT table_name, gc_grace_seconds FROM system_schema.tables WHERE keyspace_name = ?',
      [harness.cassandra.keyspace],
      { prepare: true },
    );
    const graceOf = new Map(tables.rows.map((row) => [row.table_name, row.gc_grace_seconds]));

    expect(
      Object.fromEntries(
        ['order_deadlines', 'outbox_pending', 'orders_paid', 'orders_by_status'].map((table) => [
          table,
          graceOf.get(table),
        ]),
      ),
    ).toEqual({
      order_deadlines: 0,
      outbox_pending: 0,
      orders_paid: 0,
      orders_by_status: 0,
    });
  });

  it('when a completed order is shipped and delivered, then only the legal transitions are accepted', async () => {
    const { customer, order } = await newOrder();
    await deliver(paymentSucceeded(order), commitStock(order));
    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'COMPLETED',
    );
    const act = async (action: string, token = harness.adminToken) =>
      await harness.app.inject({
        method: 'POST',
        url: `/api/v1/orders/${order.id}/${action}`,
        headers: bearer(token),
        payload: {},
      });

    expect((await act('deliver')).statusCode).toBe(409);
    expect((await act('ship')).json().status).toBe('SHIPPED');
    expect((await act('ship')).statusCode).toBe(200);
    expect((await act('cancel', customer.token)).statusCode).toBe(409);
    const patch = await harness.app.inject({
      method: 'PATCH',
      url: `/api/v1/orders/${order.id}`,
      headers: bearer(customer.token),
      payload: { items: [{ itemId: order.items[0].itemId, quantity: 2 }] },
    });
    expect(patch.statusCode).toBe(409);
    expect((await act('deliver')).json().status).toBe('DELIVERED');
    expect((await act('cancel', customer.token)).statusCode).toBe(409);
    const published = await tap.waitFor((message) => message.key === order.id, 5);
    expect(published.map((message) => message.json?.type).slice(-2)).toEqual([
      'OrderShipped',
      'OrderDelivered',
    ]);
  });

  it('when a completed order is cancelled, then CANCELLED with paid: true and previousStatus COMPLETED (refund and restock)', async () => {
    const { customer, order } = await newOrder(2);
    await deliver(paymentSucceeded(order), commitStock(order));
    await eventually(
      async () => (await readOrder(order.id, customer.token)).status === 'COMPLETED',
    );

    const cancelled = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/orders/${order.id}/cancel`,
      headers: bearer(customer.token),
      payload: {},
    });

    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED', paymentStatus: 'SUCCEEDED' });
    const [event] = await tap.waitFor(
      (message) => message.key === order.id && message.json?.type === 'OrderCancelled',
    );
    expect(event?.json?.data).toMatchObject({ paid: true, previousStatus: 'COMPLETED' });
  });
});
