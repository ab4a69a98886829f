import { ALL_TOPICS, createEvent, TOPICS } from '@shop/contracts';
import { type Stoppable, startTracing } from '@shop/platform';
import { deliverEvents, eventually, type KafkaTap, tapKafka } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, GOOD_CARD, orderFor, orderStatus, pay, usePaymentService } from './support.js';

const harness = usePaymentService();
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let tap: KafkaTap;
// What server.ts does: trace context propagates over HTTP and Kafka (nothing is exported).
let tracing: Stoppable;
beforeAll(async () => {
  tracing = startTracing('payment-saga-test');
  tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.payment)]);
});
afterAll(async () => {
  await tap?.close();
  await tracing?.stop();
});

const payOrder = async (token: string, order: { id: string; totalAmount: number }) =>
  await pay(harness, token, {
    orderId: order.id,
    amount: order.totalAmount,
    currency: 'USD',
    paymentMethod: GOOD_CARD,
  });

const cancel = async (token: string, orderId: string) =>
  await harness.orders.inject({
    method: 'POST',
    url: `/api/v1/orders/${orderId}/cancel`,
    headers: bearer(token),
    payload: {},
  });

const refundsOf = async (orderId: string) => {
  const [rows] = await harness.pool.query(
    'SELECT r.amount FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = ?',
    [orderId],
  );
  return (rows as { amount: number }[]).map((row) => Number(row.amount));
};

describe('payments in the saga', () => {
  it('when an order is paid, then PaymentSucceeded is published and the order completes', async () => {
    const { customer, order } = await orderFor(harness);
    const payment = (await payOrder(customer.token, order)).json();

    const [event] = await tap.waitFor((message) => message.key === order.id);
    expect(event?.headers['event-type']).toBe('PaymentSucceeded');
    expect(event?.json?.data).toMatchObject({
      paymentId: payment.id,
      amount: order.totalAmount,
      card: { last4: '4242' },
    });
    await eventually(
      async () => (await orderStatus(harness, order.id, customer.token)).status === 'COMPLETED',
    );
  });

  it('when the order and its payment carry one trace, then every saga event of the order carries that trace id', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    // A client keeping one trace for its checkout: each request is a new span of it.
    const traceparent = () => ({
      traceparent: `00-${traceId}-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}-01`,
    });
    const saga = await tapKafka(
      brokers,
      ALL_TOPICS.map((topic) => harness.topics.topic(topic)),
    );
    try {
      const { customer, order } = await orderFor(harness, 2_500, traceparent());
      const paid = await pay(
        harness,
        customer.token,
        { orderId: order.id, amount: order.totalAmount, currency: 'USD', paymentMethod: GOOD_CARD },
        undefined,
        traceparent(),
      );
      expect(paid.statusCode).toBe(201);
      await eventually(
        async () => (await orderStatus(harness, order.id, customer.token)).status === 'COMPLETED',
      );

      const journey = ['OrderCreated', 'PaymentSucceeded', 'OrderPaid', 'InventoryCommitted'];
      for (const type of [...journey, 'OrderCompleted'])
        await saga.waitFor((message) => message.key === order.id && message.json?.type === type);
      const events = saga.messages.filter((message) => message.key === order.id);
      expect(events.map((message) => message.headers['event-type'])).toEqual(
        expect.arrayContaining([...journey, 'OrderCompleted']),
      );
      for (const message of events)
        expect(message.headers.traceparent?.split('-')[1], message.json?.type as string).toBe(
          traceId,
        );
    } finally {
      await saga.close();
    }
  });

  it('when a completed order is cancelled, then its charge is refunded exactly once (even if the event repeats)', async () => {
    const { customer, order } = await orderFor(harness);
    const payment = (await payOrder(customer.token, order)).json();
    await eventually(
      async () => (await orderStatus(harness, order.id, customer.token)).status === 'COMPLETED',
    );

    expect((await cancel(customer.token, order.id)).json().status).toBe('CANCELLED');

    const [refunded] = await tap.waitFor(
      (message) => message.key === order.id && message.json?.type === 'PaymentRefunded',
    );
    expect(refunded?.json?.data).toMatchObject({
      paymentId: payment.id,
      refundAmount: order.totalAmount,
      fullyRefunded: true,
    });
    const duplicate = createEvent('OrderCancelled', {
      orderId: order.id,
      source: 'order-service',
      data: {
        userId: customer.id,
        reason: 'customer_request',
        paid: true,
        previousStatus: 'COMPLETED',
      },
    });
    await deliverEvents(brokers, harness.groupId, [duplicate, duplicate], harness.topics.namespace);
    expect(await refundsOf(order.id)).toEqual([order.totalAmount]);
    await eventually(
      async () =>
        (await orderStatus(harness, order.id, customer.token)).paymentStatus === 'REFUNDED',
    );
  });

  it('when the order was cancelled before paying, then the payment is refused and nothing is charged', async () => {
    const { customer, order } = await orderFor(harness);
    await cancel(customer.token, order.id);
    const response = await payOrder(customer.token, order);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('order-not-payable');
  });

  it('when a charge lands after payment-service learnt of the cancellation, then it is refunded at once', async () => {
    const { customer, order } = await orderFor(harness);
    // The cancellation reaches payment-service before order-service refuses payments for it.
    const cancelled = createEvent('OrderCancelled', {
      orderId: order.id,
      source: 'order-service',
      data: {
        userId: customer.id,
        reason: 'payment_timeout',
        paid: false,
        previousStatus: 'PENDING_PAYMENT',
      },
    });
    await deliverEvents(brokers, harness.groupId, [cancelled], harness.topics.namespace);

    const payment = (await payOrder(customer.token, order)).json();

    expect(payment).toMatchObject({ status: 'REFUNDED', refundedAmount: order.totalAmount });
    expect(await refundsOf(order.id)).toEqual([order.totalAmount]);
  });

  it('when paying and cancelling race, then every charge of a cancelled order is refunded exactly once', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, async () => await orderFor(harness)));
    await Promise.all(
      runs.map(
        async ({ customer, order }) =>
          await Promise.all([payOrder(customer.token, order), cancel(customer.token, order.id)]),
      ),
    );

    for (const { customer, order } of runs) {
      expect((await orderStatus(harness, order.id, customer.token)).status).toBe('CANCELLED');
      const [rows] = await harness.pool.query(
        "SELECT amount FROM payments WHERE order_id = ? AND transaction_id IS NOT NULL AND status <> 'FAILED'",
        [order.id],
      );
      const charged = (rows as { amount: number }[]).reduce(
        (sum, row) => sum + Number(row.amount),
        0,
      );
      await eventually(
        async () =>
          (await refundsOf(order.id)).reduce((sum, amount) => sum + amount, 0) === charged,
        {
          what: `refunds of order ${order.id} to equal its charges`,
        },
      );
      expect((await refundsOf(order.id)).length).toBeLessThanOrEqual(1);
    }
  });
});
