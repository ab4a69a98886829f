import { ORDER_STATUSES } from '@shop/contracts';
import { describe, expect, it } from 'vitest';
import { advanceOrder, decideAdvance } from '../../src/domain/advance-order.js';
import { cancelOrder, decideCancel } from '../../src/domain/cancel-order.js';
import { admin, anOrder, customer, memoryDeps } from './memory/fixtures.js';

describe('what cancelling does', () => {
  it.each(['PENDING_PAYMENT', 'PAYMENT_FAILED', 'PAID', 'COMPLETED'] as const)(
    'when the order is %s, then CANCELLED with OrderCancelled saying what it was',
    (status) => {
      const order = anOrder({ status });
      expect(decideCancel(order, 'changed my mind')).toMatchObject({
        changes: { status: 'CANCELLED', cancelReason: 'changed my mind' },
        events: [
          {
            type: 'OrderCancelled',
            data: { reason: 'changed my mind', paid: false, previousStatus: status },
          },
        ],
      });
    },
  );

  it('when the order was paid, then OrderCancelled says paid: true (payment-service refunds)', () => {
    const decision = decideCancel(
      anOrder({ status: 'COMPLETED', paymentStatus: 'SUCCEEDED' }),
      'r',
    );
    expect(decision).toMatchObject({ events: [{ data: { paid: true } }] });
  });

  it('when the order is already CANCELLED, then nothing to do', () => {
    expect(decideCancel(anOrder({ status: 'CANCELLED' }), 'again')).toBeNull();
  });

  it.each(['SHIPPED', 'DELIVERED'] as const)('when the order is %s, then 409', (status) => {
    expect(decideCancel(anOrder({ status }), 'r')).toMatchObject({
      refused: { status: 409, code: 'illegal-transition' },
    });
  });
});

describe('what shipping and delivering do', () => {
  it.each(
    ORDER_STATUSES.flatMap((status) =>
      (['SHIPPED', 'DELIVERED'] as const).map((to) => [status, to] as const),
    ),
  )(
    'when the order is %s and becomes %s, then only COMPLETED → SHIPPED → DELIVERED moves',
    (status, to) => {
      const decision = decideAdvance(anOrder({ status }), to);
      const legal =
        (status === 'COMPLETED' && to === 'SHIPPED') ||
        (status === 'SHIPPED' && to === 'DELIVERED');
      if (status === to) expect(decision).toBeNull();
      else if (legal)
        expect(decision).toMatchObject({
          changes: { status: to },
          events: [{ type: to === 'SHIPPED' ? 'OrderShipped' : 'OrderDelivered' }],
        });
      else expect(decision).toMatchObject({ refused: { code: 'illegal-transition' } });
    },
  );
});

describe('cancelling and advancing a stored order', () => {
  it('when a customer cancels twice, then CANCELLED once, one OrderCancelled, and the second answer is the same order', async () => {
    const { deps, orders } = memoryDeps();
    const buyer = customer();
    const order = orders.put(anOrder({ userId: buyer.id }));

    const first = await cancelOrder(deps, buyer, order.id, 'changed my mind');
    const second = await cancelOrder(deps, buyer, order.id);

    expect(first).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'changed my mind',
      version: 2,
    });
    expect(second).toEqual(first);
    expect(orders.outbox(order.id).map((event) => event.type)).toEqual(['OrderCancelled']);
  });

  it('when a cancel races a payment, then it is decided again on the paid order and says paid: true', async () => {
    const { deps, orders } = memoryDeps();
    const buyer = customer();
    const order = orders.put(anOrder({ userId: buyer.id }));
    orders.interleave(async () => {
      await orders.update(order, {
        expectedVersion: 1,
        changes: { status: 'PAID', paymentStatus: 'SUCCEEDED', paymentId: crypto.randomUUID() },
        events: [],
        now: new Date(),
      });
    });

    const cancelled = await cancelOrder(deps, buyer, order.id);

    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'SUCCEEDED',
      version: 3,
    });
    expect(orders.outbox(order.id)[0]?.data).toMatchObject({ paid: true, previousStatus: 'PAID' });
  });

  it("when a customer cancels someone else's order, then 404", async () => {
    const { deps, orders } = memoryDeps();
    const order = orders.put(anOrder());

    await expect(cancelOrder(deps, customer(), order.id)).rejects.toMatchObject({ status: 404 });
  });

  it('when an ADMIN ships and delivers a completed order, then SHIPPED then DELIVERED; a delivered order cannot be cancelled', async () => {
    const { deps, orders } = memoryDeps();
    const operator = admin();
    const order = orders.put(anOrder({ status: 'COMPLETED', paymentStatus: 'SUCCEEDED' }));

    await expect(advanceOrder(deps, operator, order.id, 'DELIVERED')).rejects.toMatchObject({
      status: 409,
    });
    expect((await advanceOrder(deps, operator, order.id, 'SHIPPED')).status).toBe('SHIPPED');
    expect((await advanceOrder(deps, operator, order.id, 'SHIPPED')).version).toBe(2);
    expect((await advanceOrder(deps, operator, order.id, 'DELIVERED')).status).toBe('DELIVERED');
    await expect(cancelOrder(deps, operator, order.id)).rejects.toMatchObject({ status: 409 });
    expect(orders.outbox(order.id).map((event) => event.type)).toEqual([
      'OrderShipped',
      'OrderDelivered',
    ]);
  });
});
