import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createEvent, EVENT_HEADERS, physicalTopic, type ShopEvent, TOPICS } from '@shop/contracts';
import { type Stoppable, startTracing } from '@shop/platform';
import { caughtUp, deliverEvents, eventually, type KafkaTap, tapKafka } from '@shop/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_CARD, orderFor, pay, usePaymentService } from './support.js';

// What server.ts does with an exporter set (spans kept in memory here): trace context propagates
// over HTTP and Kafka. Started before the app is built, which adds request spans only then.
let tracing: Stoppable;
beforeAll(() => {
  tracing = startTracing('payment-saga-test', {}, [
    new SimpleSpanProcessor(new InMemorySpanExporter()),
  ]);
});
const harness = usePaymentService();
const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
let tap: KafkaTap;
beforeAll(async () => {
  tap = await tapKafka(brokers, [harness.topics.topic(TOPICS.payment)]);
});
afterAll(async () => {
  await tap?.close();
  await tracing?.stop();
});

type Placed = Awaited<ReturnType<typeof orderFor>>;

const payOrder = async ({ customer, order }: Placed, headers: Record<string, string> = {}) =>
  await pay(
    harness,
    customer.token,
    { orderId: order.id, amount: order.totalAmount, currency: 'USD', paymentMethod: GOOD_CARD },
    undefined,
    headers,
  );

/** OrderCancelled as order-service publishes it (the stub's order is cancelled too). */
const cancellation = ({ customer, order }: Placed, paid: boolean) => {
  harness.orderService.book.update(order.id, { status: 'CANCELLED' });
  return createEvent('OrderCancelled', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: customer.id,
      reason: paid ? 'customer_request' : 'payment_timeout',
      paid,
      previousStatus: paid ? 'COMPLETED' : 'PENDING_PAYMENT',
    },
  });
};

const deliver = async (...events: ShopEvent[]) =>
  await deliverEvents(brokers, harness.groupId, events, harness.topics.namespace);

const refundsOf = async (orderId: string) => {
  const [rows] = await harness.pool.query(
    'SELECT r.amount FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_id = ?',
    [orderId],
  );
  return (rows as { amount: number }[]).map((row) => Number(row.amount));
};

const newTraceId = () => crypto.randomUUID().replaceAll('-', '');
/** A new span of trace `traceId`, as a client or a producer sends it. */
const traceparent = (traceId: string) =>
  `00-${traceId}-${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}-01`;
const traceIdOf = (header: string | undefined) => header?.split('-')[1];

describe('payments in the saga', () => {
  it('when an order is paid, then PaymentSucceeded is published on payment.events, keyed by the order', async () => {
    const placed = await orderFor(harness);
    const payment = (await payOrder(placed)).json();

    const [event] = await tap.waitFor((message) => message.key === placed.order.id);
    expect(event?.headers['event-type']).toBe('PaymentSucceeded');
    expect(event?.json?.data).toMatchObject({
      paymentId: payment.id,
      amount: placed.order.totalAmount,
      card: { last4: '4242' },
      attempt: 1,
    });
  });

  it('when a payment request carries a trace, then the calls to order-service and PaymentSucceeded carry that trace id', async () => {
    const placed = await orderFor(harness);
    const traceId = newTraceId();

    expect((await payOrder(placed, { traceparent: traceparent(traceId) })).statusCode).toBe(201);

    const calls = harness.orderService.headers.filter(({ path }) => path.includes(placed.order.id));
    expect(calls).toHaveLength(2);
    for (const { path, headers } of calls)
      expect(traceIdOf(headers.traceparent as string | undefined), path).toBe(traceId);
    const [event] = await tap.waitFor((message) => message.key === placed.order.id);
    expect(traceIdOf(event?.headers.traceparent)).toBe(traceId);
  });

  it('when an OrderCancelled carrying a trace is handled, then its PaymentRefunded carries that trace id', async () => {
    const placed = await orderFor(harness);
    await payOrder(placed);
    const traceId = newTraceId();
    const event = cancellation(placed, true);
    const kafka = new Kafka({ clientId: 'payment-saga-test', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: physicalTopic(harness.topics.namespace, TOPICS.order),
        messages: [
          {
            key: event.orderId,
            value: JSON.stringify(event),
            headers: {
              [EVENT_HEADERS.type]: event.type,
              [EVENT_HEADERS.id]: event.eventId,
              [EVENT_HEADERS.traceparent]: traceparent(traceId),
            },
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const [refunded] = await tap.waitFor(
      (message) => message.key === placed.order.id && message.json?.type === 'PaymentRefunded',
    );
    expect(traceIdOf(refunded?.headers.traceparent)).toBe(traceId);
  });

  it('when a completed order is cancelled, then its charge is refunded exactly once (even if the event repeats)', async () => {
    const placed = await orderFor(harness);
    const payment = (await payOrder(placed)).json();
    const cancelled = cancellation(placed, true);

    await deliver(cancelled);
    await deliver(cancelled, cancelled);

    const [refunded] = await tap.waitFor(
      (message) => message.key === placed.order.id && message.json?.type === 'PaymentRefunded',
    );
    expect(refunded?.json?.data).toMatchObject({
      paymentId: payment.id,
      refundAmount: placed.order.totalAmount,
      fullyRefunded: true,
      reason: 'order_cancelled',
    });
    expect(await refundsOf(placed.order.id)).toEqual([placed.order.totalAmount]);
    await caughtUp(brokers, harness.groupId, [TOPICS.order], harness.topics.namespace);
    expect(
      tap.messages.filter(
        (message) => message.key === placed.order.id && message.json?.type === 'PaymentRefunded',
      ),
    ).toHaveLength(1);
  });

  it('when the order was cancelled before paying, then the payment is refused and nothing is charged', async () => {
    const placed = await orderFor(harness);
    cancellation(placed, false);
    const response = await payOrder(placed);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('order-not-payable');
    expect(await refundsOf(placed.order.id)).toEqual([]);
  });

  it('when a charge lands after payment-service learnt of the cancellation, then it is refunded at once', async () => {
    const placed = await orderFor(harness);
    // The cancellation reaches payment-service before order-service refuses payments for it.
    await deliver(cancellation(placed, false));
    harness.orderService.book.update(placed.order.id, { status: 'PENDING_PAYMENT' });

    const payment = (await payOrder(placed)).json();

    expect(payment).toMatchObject({ status: 'REFUNDED', refundedAmount: placed.order.totalAmount });
    expect(await refundsOf(placed.order.id)).toEqual([placed.order.totalAmount]);
  });

  it('when paying and cancelling race, then every charge of a cancelled order is refunded exactly once', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, async () => await orderFor(harness)));
    // order-service cancels at some moment of the charge (before its pre-check, between its
    // registration and its recording, or after), then publishes OrderCancelled.
    const cancelDuring = async (placed: Placed, index: number) => {
      await new Promise((resolve) => setTimeout(resolve, index * 15));
      await deliver(cancellation(placed, true));
    };
    await Promise.all(
      runs.map(
        async (placed, index) => await Promise.all([payOrder(placed), cancelDuring(placed, index)]),
      ),
    );

    for (const { order } of runs) {
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
        { what: `refunds of order ${order.id} to equal its charges` },
      );
      expect((await refundsOf(order.id)).length).toBeLessThanOrEqual(1);
    }
  });
});
