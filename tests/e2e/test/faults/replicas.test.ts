import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledAudit } from '../../src/clean-audit.js';
import { servicesUp, signal } from '../../src/faults.js';
import { settle, shop } from '../../src/load.js';
import { admin } from '../../src/shopper.js';
import { THROUGH_GATEWAY } from '../../src/stack.js';
import { openStores, type Stores } from '../../src/stores.js';

/** The services infra/services.txt replicates, with the port of their first process. */
const REPLICATED = {
  'item-service': 8081,
  'order-service': 8082,
  'payment-service': 8083,
  'cart-service': 8085,
  'notification-service': 8086,
};
type Replicated = keyof typeof REPLICATED;
/** One replica of each, first or second (both kinds are killed, so both ports must fail over). */
const VICTIMS = [
  'item-service-2',
  'order-service',
  'payment-service-2',
  'cart-service',
  'notification-service-2',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let stores: Stores;

beforeAll(async () => {
  // Every service restarted with a second process of each consumer; the load comes from one
  // address, which the gateway's rate limit would otherwise refuse.
  await servicesUp({ REPLICAS: '2', GATEWAY_RATE_LIMIT_PER_MINUTE: '1000000' });
  stores = await openStores();
});
afterAll(async () => {
  // Back to the normal stack for whatever runs next: one process per service.
  await servicesUp({ REPLICAS: '1' });
  await stores?.close();
});

/**
 * Sum of the series of a counter (or a histogram's `_count`) on one process's /metrics whose
 * labels contain `labelled` (e.g. only API routes, not the health probes).
 */
const counted = async (port: number, metric: string, labelled = '') => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `))
    .filter((line) => line.includes(labelled))
    .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
};

/** What each process of each replicated service has done so far. */
const workOfEveryProcess = async () =>
  await Promise.all(
    (Object.entries(REPLICATED) as [Replicated, number][]).flatMap(([service, port]) =>
      [port, port + 100].map(async (at) => ({
        process: at === port ? service : `${service}-2`,
        events: await counted(at, 'kafka_event_handler_duration_seconds_count'),
        requests: await counted(at, 'http_request_duration_seconds_count', 'route="/api/v1/'),
        published: await counted(at, 'outbox_published_events_total'),
      })),
    ),
  );

const killOneOfEach = async () => {
  const before = await workOfEveryProcess();
  for (const victim of VICTIMS) {
    signal(victim, 'SIGKILL');
    await sleep(1_000);
  }
  await sleep(2_000);
  await servicesUp({ REPLICAS: '2' });
  return before;
};

const expectCleanAudit = async () => {
  expect(await settledAudit(stores)).toEqual([]);
};

interface ItemDocument {
  _id: string;
  inventory: { onHand: number; reserved: number };
  ledger: { initial: number; committed: number; restocked: number };
}
interface HoldDocument {
  _id: string;
  status: string;
  lines: { itemId: string; quantity: number }[];
}
const unitsOf = (holds: HoldDocument[], itemId: string) =>
  holds
    .flatMap((hold) => hold.lines)
    .filter((line) => line.itemId === itemId)
    .reduce((total, line) => total + line.quantity, 0);

describe('two replicas of every consuming service', () => {
  it('when 300 orders go through the gateway and one replica of each service is SIGKILLed mid-run and restarted, then every order ends, nothing is refunded or restocked twice and nothing is oversold', async () => {
    const shopAdmin = await admin(THROUGH_GATEWAY);
    const stock = [70, 70, 70, 70];
    const itemIds = await Promise.all(
      stock.map(async (units) => await shopAdmin.createItem(units, 1_500)),
    );
    let injected: Promise<Awaited<ReturnType<typeof killOneOfEach>>> | undefined;
    const report = await shop(
      { customers: 30, ordersEach: 10, itemIds, seed: 11, urls: THROUGH_GATEWAY },
      (created) => {
        if (created >= 40 && !injected) injected = killOneOfEach();
      },
    );
    const workBeforeTheKill = await injected;
    const orderIds = report.created.map((order) => order.orderId);
    const { completed, cancelled } = await settle(report.created, 300_000);

    expect(completed + cancelled).toBe(report.created.length);
    // Both processes of each service were consuming (and the writers publishing) at once.
    for (const work of workBeforeTheKill ?? [])
      expect(work.events, work.process).toBeGreaterThan(0);
    for (const work of (workBeforeTheKill ?? []).filter((w) =>
      /^(item|order|payment)/.test(w.process),
    ))
      expect(work.requests, work.process).toBeGreaterThan(0);
    for (const work of (workBeforeTheKill ?? []).filter((w) => /^(item|order)/.test(w.process)))
      expect(work.published, work.process).toBeGreaterThan(0);
    await expectCleanAudit();

    // No payment refunded twice: one refund row at most per charge, adding up to what it records.
    const [payments] = await stores.payments.query<RowDataPacket[]>(
      `SELECT p.id, p.amount, p.refunded_amount, COUNT(r.id) AS refunds, COALESCE(SUM(r.amount), 0) AS refunded
       FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id
       WHERE p.order_id IN (?) GROUP BY p.id, p.amount, p.refunded_amount`,
      [orderIds],
    );
    const twice = payments.filter(
      (row) =>
        Number(row.refunds) > 1 ||
        Number(row.refunded) !== Number(row.refunded_amount) ||
        Number(row.refunded_amount) > Number(row.amount),
    );
    expect(twice).toEqual([]);

    // No hold restocked twice and no oversell: each item's ledger equals its holds, stock ≥ 0.
    const items = await stores.items
      .collection<ItemDocument>('items')
      .find({ _id: { $in: itemIds } })
      .toArray();
    const holds = await stores.items
      .collection<HoldDocument>('holds')
      .find({ _id: { $in: orderIds } })
      .toArray();
    const committed = holds.filter((hold) =>
      ['COMMITTED', 'RESTOCKING', 'RESTOCKED'].includes(hold.status),
    );
    const restocked = holds.filter((hold) => hold.status === 'RESTOCKED');
    for (const item of items) {
      expect(item.ledger.restocked, item._id).toBe(unitsOf(restocked, item._id));
      expect(item.ledger.committed, item._id).toBe(unitsOf(committed, item._id));
      expect(item.inventory.onHand, item._id).toBeGreaterThanOrEqual(0);
      // (reserved may stay > 0: a hold placed by a request that died before its order was
      // written waits for its TTL; the audit checks it equals the HELD holds.)
      expect(item.ledger.committed - item.ledger.restocked).toBeLessThanOrEqual(
        item.ledger.initial,
      );
    }

    // Money: net charges equal the totals of the completed orders.
    const completedIds = new Set(
      holds.filter((hold) => hold.status === 'COMMITTED').map((hold) => hold._id),
    );
    const completedTotal = report.created
      .filter((order) => completedIds.has(order.orderId))
      .reduce((sum, order) => sum + order.totalAmount, 0);
    const [charged] = await stores.payments.query<RowDataPacket[]>(
      `SELECT COALESCE(SUM(amount - refunded_amount), 0) AS net FROM payments
       WHERE status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND order_id IN (?)`,
      [orderIds],
    );
    expect(Number(charged[0]?.net)).toBe(completedTotal);
    process.stdout.write(
      `replicas: ${report.created.length} orders through the gateway (${report.refusedForStock} refused for stock), ` +
        `${completed} completed, ${cancelled} cancelled, ${payments.length} payments, ` +
        `killed ${VICTIMS.join(', ')}; audit violations = 0\n`,
    );
  });
});
