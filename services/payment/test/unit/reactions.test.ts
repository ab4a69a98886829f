import { createEvent, type ShopEvent } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { PAYMENT_REACTIONS, paymentSagaHandler } from '../../src/consumers/saga-events.js';
import { chargeOrder } from '../../src/domain/charging.js';
import { paymentWorld } from './world.js';

const context = { topic: 'order.events', partition: 0, offset: '0', attempt: 1 } as const;

const cancelled = (orderId: string, userId: string) =>
  createEvent('OrderCancelled', {
    orderId,
    source: 'order-service',
    data: { userId, reason: 'customer_request', paid: true, previousStatus: 'COMPLETED' },
  });

describe('what payment-service reacts to', () => {
  it('when the reaction table is read, then payment-service reacts to OrderCancelled only', () => {
    expect(Object.keys(PAYMENT_REACTIONS)).toEqual(['OrderCancelled']);
  });

  it('when a paid order is cancelled, then its charge is refunded in full once, even if the event comes again', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    const payment = await chargeOrder(world.deps, caller, body());
    const handle = paymentSagaHandler(world.deps);
    const event = cancelled(order.id, caller.id);

    await handle(event, { ...context, traceparent: undefined });
    await handle(event, { ...context, traceparent: undefined });

    expect(world.payments.payments.get(payment.id)).toMatchObject({
      status: 'REFUNDED',
      refundedAmount: order.totalAmount,
    });
    expect(world.eventsOf(order.id)).toMatchObject([
      { type: 'PaymentSucceeded' },
      {
        type: 'PaymentRefunded',
        data: { paymentId: payment.id, refundAmount: order.totalAmount, reason: 'order_cancelled' },
      },
    ]);
  });

  it('when an order is cancelled before its charge lands, then the charge is refunded as it is recorded', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    await paymentSagaHandler(world.deps)(cancelled(order.id, caller.id), {
      ...context,
      traceparent: undefined,
    });

    const payment = await chargeOrder(world.deps, caller, body());

    expect(payment).toMatchObject({ status: 'REFUNDED', refundedAmount: order.totalAmount });
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded', 'PaymentRefunded']);
  });

  it('when any other saga event arrives, then nothing is read or written', async () => {
    const world = paymentWorld();
    const { caller, order, body } = world.customerWithOrder();
    await chargeOrder(world.deps, caller, body());
    const before = structuredClone([...world.payments.payments.values()]);
    const others: ShopEvent[] = [
      createEvent('OrderCompleted', {
        orderId: order.id,
        source: 'order-service',
        data: { userId: caller.id },
      }),
      createEvent('OrderPaid', {
        orderId: order.id,
        source: 'order-service',
        data: {
          userId: caller.id,
          paymentId: crypto.randomUUID(),
          totalAmount: order.totalAmount,
          currency: 'USD',
        },
      }),
    ];
    world.payments.down = true;

    for (const event of others)
      await paymentSagaHandler(world.deps)(event, { ...context, traceparent: undefined });

    expect([...world.payments.payments.values()]).toEqual(before);
    expect(world.typesOf(order.id)).toEqual(['PaymentSucceeded']);
  });
});
