import { eventually } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAudit } from '../../src/clean-audit.js';
import { exited, restartEverything, restartServiceWith } from '../../src/faults.js';
import { admin, newShopper, type Shopper } from '../../src/shopper.js';
import { openStores, type Stores } from '../../src/stores.js';

/**
 * Named crash points (`crashPoint()` in the services, armed by SHOP_CRASH_POINT): the process
 * dies between two of its own writes. After a restart, every effect happens once and the audit
 * is clean. Native only: the services are restarted with the variable set.
 */
const native = process.env.INFRA !== 'docker';

let stores: Stores;
let shopAdmin: Awaited<ReturnType<typeof admin>>;

beforeAll(async () => {
  shopAdmin = await admin();
  stores = await openStores();
});
afterAll(async () => {
  restartEverything();
  await stores?.close();
});

const statusOf = async (shopper: Shopper, orderId: string, wanted: string[]) =>
  await eventually(
    async () => {
      const order = (await shopper.getOrder(orderId).catch(() => null))?.body;
      return order && wanted.includes(order.status) ? order : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1_000, what: `order ${orderId} to be ${wanted.join('/')}` },
  );

/** Arms `point` in `service`, runs `trigger` until the process dies there, restarts it. */
const crashAt = async (service: string, point: string, trigger: () => Promise<unknown>) => {
  restartServiceWith(service, { SHOP_CRASH_POINT: point });
  const triggered = trigger().catch(() => undefined); // the connection dies with the process
  await exited(service);
  await triggered;
  restartEverything();
};

const orderOf = async (shopper: Shopper, lines: { itemId: string; quantity: number }[]) => {
  const created = await shopper.order(lines);
  expect(created.status).toBe(201);
  return created.body;
};

describe.runIf(native)('crash points: the process dies between two of its writes', () => {
  it('when payment-service dies after the gateway charged and before the charge row is written, then the charge is found in the gateway ledger, never repeated, and the order completes', async () => {
    const shopper = await newShopper();
    const itemId = await shopAdmin.createItem(5);
    const order = await orderOf(shopper, [{ itemId, quantity: 1 }]);

    await crashAt('payment-service', 'payment.after-gateway-call', () => shopper.pay(order));

    await statusOf(shopper, order.id, ['COMPLETED']);
    const { body } = await shopper.payments(order.id);
    expect(body.payments.map((payment) => payment.status)).toEqual(['SUCCEEDED']);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when payment-service dies right after storing a charge that landed on a cancelled order, then the refund stored with it goes out and the audit is clean', async () => {
    const shopper = await newShopper();
    const itemId = await shopAdmin.createItem(5);
    const order = await orderOf(shopper, [{ itemId, quantity: 1 }]);

    // A slow gateway: the customer cancels while the charge is in flight.
    restartServiceWith('payment-service', {
      SHOP_CRASH_POINT: 'payment.after-charge-stored',
      PAYMENT_GATEWAY_LATENCY_MS: '4000',
    });
    const paying = shopper.pay(order).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await shopper.cancel(order.id)).body.status).toBe('CANCELLED');
    await exited('payment-service');
    await paying;
    restartEverything();

    await eventually(async () => {
      const { body } = await shopper.payments(order.id);
      return body.payments.every((payment) => payment.status !== 'SUCCEEDED');
    });
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when item-service dies in the middle of restocking a cancelled completed order, then after a restart each line is restocked exactly once', async () => {
    const shopper = await newShopper();
    const [first, second] = await Promise.all([shopAdmin.createItem(10), shopAdmin.createItem(10)]);
    const order = await orderOf(shopper, [
      { itemId: first, quantity: 2 },
      { itemId: second, quantity: 3 },
    ]);
    expect((await shopper.pay(order)).body.status).toBe('SUCCEEDED');
    await statusOf(shopper, order.id, ['COMPLETED']);

    await crashAt('item-service', 'item.mid-restock', () => shopper.cancel(order.id));

    const items = stores.items.collection<{ _id: string; inventory: { onHand: number } }>('items');
    await eventually(async () => {
      const hold = await stores.items
        .collection<{ _id: string; status: string }>('holds')
        .findOne({ _id: order.id });
      return hold?.status === 'RESTOCKED';
    });
    const onHand = (await items.find({ _id: { $in: [first, second] } }).toArray()).map(
      (item) => item.inventory.onHand,
    );
    expect(onHand).toEqual([10, 10]);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when order-service dies between changing the hold and writing the changed order, then the payment is for what the order says and the stock follows it', async () => {
    const shopper = await newShopper();
    const itemId = await shopAdmin.createItem(10);
    const order = await orderOf(shopper, [{ itemId, quantity: 1 }]);

    await crashAt('order-service', 'order.patch-after-hold-change', () =>
      shopper.changeItems(order.id, [{ itemId, quantity: 4 }]),
    );

    // The change never happened for the customer: the order (and its price) are as before.
    expect((await shopper.getOrder(order.id)).body).toMatchObject({ status: 'PENDING_PAYMENT' });
    expect((await shopper.pay(order)).body.status).toBe('SUCCEEDED');
    await statusOf(shopper, order.id, ['COMPLETED']);
    const item = await stores.items
      .collection<{ _id: string; inventory: { onHand: number } }>('items')
      .findOne({ _id: itemId });
    expect(item?.inventory.onHand).toBe(9);
    expect(await settledAudit(stores)).toEqual([]);
  });
});
