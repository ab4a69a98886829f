import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAudit } from '../../src/clean-audit.js';
import { restartEverything, signal } from '../../src/faults.js';
import { settle, shop } from '../../src/load.js';
import { admin } from '../../src/shopper.js';
import { openStores, type Stores } from '../../src/stores.js';

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

/** Runs shoppers and, once `afterOrders` orders exist, injects the fault (once). */
const shopWithFault = async (
  options: { customers: number; ordersEach: number; stock: number[] },
  afterOrders: number,
  fault: () => Promise<void>,
) => {
  const itemIds = await Promise.all(
    options.stock.map(async (stock) => await shopAdmin.createItem(stock)),
  );
  let injected: Promise<void> | undefined;
  // The fault runs to its end even when the load fails, so it never reaches into the next test.
  const report = await shop({ ...options, itemIds }, (created) => {
    if (created >= afterOrders && !injected) injected = fault();
  }).finally(async () => await injected);
  return { report, ...(await settle(report.created)) };
};

describe('the saga under faults (native engines and services as processes)', () => {
  it('when the Kafka broker is SIGKILLed in the middle of checkouts and restarted, then every order ends and the audit is clean', async () => {
    const result = await shopWithFault(
      { customers: 6, ordersEach: 5, stock: [20, 20] },
      8,
      async () => {
        signal('kafka', 'SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await restartEverything();
      },
    );
    expect(result.completed + result.cancelled).toBe(result.report.created.length);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when the broker is frozen (SIGSTOP) for 20 s and thawed, then every order ends and the audit is clean', async () => {
    const result = await shopWithFault(
      { customers: 6, ordersEach: 5, stock: [20, 20] },
      8,
      async () => {
        signal('kafka', 'SIGSTOP');
        await new Promise((resolve) => setTimeout(resolve, 20_000));
        signal('kafka', 'SIGCONT');
      },
    );
    expect(result.completed + result.cancelled).toBe(result.report.created.length);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when each consuming service is SIGKILLed once mid-run and restarted, then every order ends and the audit is clean', async () => {
    const result = await shopWithFault(
      { customers: 6, ordersEach: 6, stock: [25, 25] },
      6,
      async () => {
        for (const service of ['order-service', 'item-service', 'payment-service']) {
          signal(service, 'SIGKILL');
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          await restartEverything();
          await new Promise((resolve) => setTimeout(resolve, 1_500));
        }
      },
    );
    expect(result.completed + result.cancelled).toBe(result.report.created.length);
    expect(await settledAudit(stores)).toEqual([]);
  });

  it('when 30 customers place 300 orders over scarce stock with a broker kill in the middle, then the books balance', async () => {
    const stock = [70, 70, 70, 70];
    const itemIds = await Promise.all(
      stock.map(async (units) => await shopAdmin.createItem(units, 1_500)),
    );
    let injected: Promise<void> | undefined;
    const report = await shop({ customers: 30, ordersEach: 10, itemIds, seed: 7 }, (created) => {
      if (created >= 40 && !injected) {
        injected = (async () => {
          signal('kafka', 'SIGKILL');
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          await restartEverything();
        })();
      }
    }).finally(async () => await injected);
    const { completed, cancelled } = await settle(report.created, 300_000);
    expect(await settledAudit(stores)).toEqual([]);

    // Stock conserved: what the completed orders hold is exactly what left the shelves.
    const items = await stores.items
      .collection<{ _id: string; inventory: { onHand: number } }>('items')
      .find({ _id: { $in: itemIds } })
      .toArray();
    const sold =
      stock.reduce((sum, units) => sum + units, 0) -
      items.reduce((sum, item) => sum + item.inventory.onHand, 0);
    const holds = await stores.items
      .collection<{ _id: string; status: string; lines: { quantity: number }[] }>('holds')
      .find({ _id: { $in: report.created.map((order) => order.orderId) }, status: 'COMMITTED' })
      .toArray();
    expect(sold).toBe(
      holds.reduce(
        (sum, hold) => sum + hold.lines.reduce((total, line) => total + line.quantity, 0),
        0,
      ),
    );
    // Money: net charges equal the totals of completed orders.
    const completedTotal = report.created
      .filter((order) => holds.some((hold) => hold._id === order.orderId))
      .reduce((sum, order) => sum + order.totalAmount, 0);
    const [rows] = await stores.payments.query(
      `SELECT COALESCE(SUM(amount - refunded_amount), 0) AS net FROM payments WHERE status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND order_id IN (?)`,
      [report.created.map((order) => order.orderId)],
    );
    expect(Number((rows as { net: number }[])[0]?.net)).toBe(completedTotal);

    const [refundedRows] = await stores.payments.query(
      `SELECT COUNT(DISTINCT order_id) AS orders FROM payments WHERE refunded_amount > 0 AND order_id IN (?)`,
      [report.created.map((order) => order.orderId)],
    );
    const refunded = Number((refundedRows as { orders: number }[])[0]?.orders);
    process.stdout.write(
      `load with faults: ${report.created.length} orders placed (${report.refusedForStock} of 300 refused for stock), ` +
        `${completed} completed, ${cancelled} cancelled (${report.cancelledByCustomer} by customers), ${refunded} refunded, ` +
        `${report.declinedPayments} declined payments, audit violations = 0\n`,
    );
  });
});
