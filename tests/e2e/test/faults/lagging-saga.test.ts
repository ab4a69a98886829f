import { eventually } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAudit } from '../../src/clean-audit.js';
import { restartEverything, signal } from '../../src/faults.js';
import { admin, newShopper, type Shopper } from '../../src/shopper.js';
import { openStores, type Stores } from '../../src/stores.js';

/**
 * The saga lags (the broker frozen): what the customer can still do must not let an order be
 * completed for anything but what was charged.
 */
let stores: Stores;
let shopAdmin: Awaited<ReturnType<typeof admin>>;

beforeAll(async () => {
  shopAdmin = await admin();
  stores = await openStores();
});
afterAll(async () => {
  signal('kafka', 'SIGCONT');
  await restartEverything();
  await stores?.close();
});

const statusOf = async (shopper: Shopper, orderId: string, wanted: string) =>
  await eventually(
    async () => {
      const order = (await shopper.getOrder(orderId)).body;
      return order.status === wanted ? order : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000, what: `order ${orderId} to be ${wanted}` },
  );

/** Freezes the broker while `work` runs, then thaws it whatever happened. */
const withKafkaFrozen = async (work: () => Promise<void>) => {
  signal('kafka', 'SIGSTOP');
  try {
    await work();
  } finally {
    signal('kafka', 'SIGCONT');
  }
};

describe('a lagging saga (Kafka frozen)', () => {
  it('when a customer pays and then changes the order before the saga caught up, then the change is refused with 409 and the order completes for exactly what was charged', async () => {
    const shopper = await newShopper();
    const itemId = await shopAdmin.createItem(60);
    const order = (await shopper.order([{ itemId, quantity: 1 }])).body;

    await withKafkaFrozen(async () => {
      expect((await shopper.pay(order)).body.status).toBe('SUCCEEDED');
      const changed = await shopper.changeItems(order.id, [{ itemId, quantity: 50 }]);
      expect(changed.status).toBe(409);
      expect((await shopper.getOrder(order.id)).body.status).toBe('PENDING_PAYMENT');
    });

    const completed = await statusOf(shopper, order.id, 'COMPLETED');
    expect(completed).toMatchObject({ paymentStatus: 'SUCCEEDED' });
    const { body } = await shopper.payments(order.id);
    expect(body.payments.map(({ status, amount }) => ({ status, amount }))).toEqual([
      { status: 'SUCCEEDED', amount: order.totalAmount },
    ]);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when a payment does not match the order it paid (the order changed behind its back), then the order is cancelled (payment_mismatch) and the charge refunded', async () => {
    const shopper = await newShopper();
    const itemId = await shopAdmin.createItem(10);
    const order = (await shopper.order([{ itemId, quantity: 2 }])).body;

    await withKafkaFrozen(async () => {
      expect((await shopper.pay(order)).body.status).toBe('SUCCEEDED');
      // Forced: the stored total no longer equals the charge (what a lost update would leave).
      await stores.orders.execute(
        'UPDATE orders SET total_amount = ? WHERE order_id = ?',
        [order.totalAmount + 500, order.id],
        { prepare: true },
      );
    });

    const cancelled = await statusOf(shopper, order.id, 'CANCELLED');
    expect(cancelled.cancelReason).toBe('payment_mismatch');
    await eventually(async () => {
      const { body } = await shopper.payments(order.id);
      return body.payments.length === 1 && body.payments[0]?.status === 'REFUNDED';
    });
    expect(await settledAudit(stores)).toEqual([]);
  });
});
