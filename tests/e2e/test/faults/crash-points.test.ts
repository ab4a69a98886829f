import { eventually } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAudit } from '../../src/clean-audit.js';
import { exited, restartEverything, restartServiceWith, running } from '../../src/faults.js';
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
  await restartEverything();
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

/**
 * Arms `point` in `service`, runs `trigger` until the process dies there, restarts it. The
 * trigger swallows the connection the dying process drops; any other failure of it fails fast.
 */
const crashAt = async (
  service: string,
  point: string,
  trigger: () => Promise<unknown>,
  env: Record<string, string> = {},
) => {
  await restartServiceWith(service, { SHOP_CRASH_POINT: point, ...env });
  try {
    await Promise.all([exited(service), trigger()]);
  } finally {
    // Whatever happened, the next test gets every service back, none of them armed: a process
    // still alive when the trigger failed carries the armed point, so it is restarted without.
    if (running(service)) await restartServiceWith(service, {});
    await restartEverything();
  }
};

/** A request to the process that is about to die: its answer never comes. */
const dropped = async (request: Promise<unknown>) => await request.catch(() => undefined);

/** What the order row in Cassandra says about the charge attempt paying it (internal). */
const attemptOf = async (orderId: string) =>
  (
    await stores.orders.execute(
      'SELECT payment_attempt FROM orders WHERE order_id = ? LIMIT 1',
      [orderId],
      { prepare: true },
    )
  ).first()?.payment_attempt as string | null | undefined;

/** Whether payment-service has taken note that the order was cancelled. */
const knownCancelled = async (orderId: string) => {
  const [rows] = await stores.payments.query(
    'SELECT cancelled_at FROM payment_orders WHERE order_id = ?',
    [orderId],
  );
  return Boolean((rows as { cancelled_at: Date | null }[])[0]?.cancelled_at);
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

    await crashAt('payment-service', 'payment.after-gateway-call', () =>
      dropped(shopper.pay(order)),
    );

    await statusOf(shopper, order.id, ['COMPLETED']);
    const { body } = await shopper.payments(order.id);
    expect(body.payments.map((payment) => payment.status)).toEqual(['SUCCEEDED']);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when payment-service dies right after storing a charge that landed on a cancelled order, then the refund stored with it goes out and the audit is clean', async () => {
    const shopper = await newShopper();
    const itemId = await shopAdmin.createItem(5);
    const order = await orderOf(shopper, [{ itemId, quantity: 1 }]);

    // A slow gateway: while the charge is in flight, the customer cancels and payment-service
    // learns of it, so the charge is recorded together with its refund, and then it dies.
    await crashAt(
      'payment-service',
      'payment.after-charge-stored',
      async () => {
        const paying = dropped(shopper.pay(order));
        await eventually(async () => Boolean(await attemptOf(order.id)), {
          what: 'the attempt registered at order-service',
        });
        expect((await shopper.cancel(order.id)).body.status).toBe('CANCELLED');
        await eventually(async () => await knownCancelled(order.id), {
          what: 'payment-service to know the order is cancelled',
        });
        await paying;
      },
      { PAYMENT_GATEWAY_LATENCY_MS: '10000' },
    );

    const payments = await eventually(
      async () => {
        const { body } = await shopper.payments(order.id);
        return body.payments.length > 0 && body.payments.every((p) => p.status === 'REFUNDED')
          ? body.payments
          : undefined;
      },
      { timeoutMs: 120_000, what: 'the charge refunded' },
    );
    expect(payments).toHaveLength(1);
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

    await crashAt('item-service', 'item.mid-restock', () => dropped(shopper.cancel(order.id)));

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
      dropped(shopper.changeItems(order.id, [{ itemId, quantity: 4 }])),
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
