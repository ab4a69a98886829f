import { describe, expect, it } from 'vitest';
import { ORDER_REACTIONS } from '../../src/consumers/saga-events.js';
import { oldestPaidAt } from '../../src/jobs/paid-age.js';
import {
  anOrder,
  clock,
  inventoryCommitted,
  memoryDeps,
  paymentSucceeded,
  T0,
} from './memory/fixtures.js';

describe('the oldest PAID order, from the PAID index', () => {
  it('when orders are paid one after the other, then the oldest payment time is found, and none once they complete', async () => {
    const now = clock();
    const { deps, orders } = memoryDeps(now);
    const first = orders.put(anOrder());
    const second = orders.put(anOrder());
    expect(await oldestPaidAt(orders, now())).toBeNull();

    await ORDER_REACTIONS.PaymentSucceeded(deps, paymentSucceeded(first));
    now.advance(30_000);
    await ORDER_REACTIONS.PaymentSucceeded(deps, paymentSucceeded(second));
    now.advance(400_000);
    expect(await oldestPaidAt(orders, now())).toEqual(T0);

    const paidFirst = await orders.find(first.id);
    if (!paidFirst) throw new Error('the first order is gone');
    await ORDER_REACTIONS.InventoryCommitted(deps, inventoryCommitted(paidFirst));
    expect(await orders.find(first.id)).toMatchObject({ status: 'COMPLETED' });
    expect(orders.indexedPaid()).toEqual([second.id]);
    expect(await oldestPaidAt(orders, now())).toEqual(new Date(T0.getTime() + 30_000));
  });

  it('when a row names an order that is not PAID, then it is not counted, and deleted once over a minute old', async () => {
    const now = clock();
    const { orders } = memoryDeps(now);
    // A write that made no order PAID (its compare-and-set lost), and one maybe still on its way.
    const lost = orders.put(anOrder({ status: 'CANCELLED' }));
    orders.indexPaid(lost.id, now());
    now.advance(90_000);
    const inFlight = orders.put(anOrder());
    orders.indexPaid(inFlight.id, now());
    const paid = orders.put(anOrder({ status: 'PAID' }));
    orders.indexPaid(paid.id, new Date(now().getTime() + 1));
    now.advance(10_000);

    expect(await oldestPaidAt(orders, now())).toEqual(new Date(T0.getTime() + 90_001));
    expect(orders.indexedPaid()).toEqual([inFlight.id, paid.id]);
  });

  it('when the only rows are of orders that moved on, then no order is PAID and the rows go', async () => {
    const now = clock();
    const { orders } = memoryDeps(now);
    const gone = orders.put(anOrder({ status: 'COMPLETED' }));
    orders.indexPaid(gone.id, now());
    now.advance(120_000);

    expect(await oldestPaidAt(orders, now())).toBeNull();
    expect(orders.indexedPaid()).toEqual([]);
  });
});
