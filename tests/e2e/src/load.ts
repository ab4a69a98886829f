import { eventually } from '@shop/testing';
import { DECLINED_CARD, GOOD_CARD, newShopper, type Shopper } from './shopper.js';
import { type ApiResponse, type ServiceUrls, URLS } from './stack.js';

export interface Outcome {
  orderId: string;
  shopper: Shopper;
  totalAmount: number;
}

export interface LoadReport {
  created: Outcome[];
  refusedForStock: number;
  declinedPayments: number;
  cancelledByCustomer: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries a call the way a careful client does while a service restarts: on a network error or
 * a 5xx, again after a pause (same Idempotency-Key, so nothing is done twice). The default
 * patience (2 min) outlasts a restart of the engines and services on a busy 2-core machine.
 */
export const PATIENCE = 240;

export const persist = async <T>(
  attempt: () => Promise<ApiResponse<T>>,
  tries = PATIENCE,
): Promise<ApiResponse<T>> => {
  for (let round = 1; ; round += 1) {
    try {
      const response = await attempt();
      if (response.status < 500 || round >= tries) return response;
    } catch (error) {
      if (round >= tries) throw error;
    }
    await sleep(500);
  }
};

/** A seeded PRNG, so a failing run can be replayed. */
export const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

/**
 * `customers` shoppers each place `ordersEach` orders, one after the other, over `itemIds`:
 * some pay at once, some are declined and then cancel or pay again, some cancel before or after
 * paying. Every order it creates is driven to an end the customer chose: paid or cancelled.
 */
export const shop = async (
  {
    customers,
    ordersEach,
    itemIds,
    seed = 42,
    urls = URLS,
    patience = PATIENCE,
  }: {
    customers: number;
    ordersEach: number;
    itemIds: string[];
    seed?: number;
    /** Where the shoppers reach the services (directly by default). */
    urls?: ServiceUrls;
    /** How many times (every 0.5 s) a call is tried while it fails with a 5xx: outlast outages. */
    patience?: number;
  },
  onProgress: (created: number) => void = () => undefined,
): Promise<LoadReport> => {
  const next = random(seed);
  const report: LoadReport = {
    created: [],
    refusedForStock: 0,
    declinedPayments: 0,
    cancelledByCustomer: 0,
  };
  const shoppers = await Promise.all(
    Array.from(
      { length: customers },
      async () => await persist(async () => ({ status: 200, body: await newShopper(urls) })),
    ),
  );
  await Promise.all(
    shoppers.map(async ({ body: shopper }) => {
      for (let index = 0; index < ordersEach; index += 1) {
        const itemId = itemIds[Math.floor(next() * itemIds.length)] ?? '';
        const lines = [{ itemId, quantity: 1 + Math.floor(next() * 2) }];
        const orderKey = `load-order-${crypto.randomUUID()}`;
        const created = await persist(() => shopper.order(lines, orderKey), patience);
        if (created.status === 409) {
          report.refusedForStock += 1;
          continue;
        }
        if (created.status !== 201)
          throw new Error(`order refused: ${created.status} ${JSON.stringify(created.body)}`);
        const order = created.body;
        report.created.push({ orderId: order.id, shopper, totalAmount: order.totalAmount });
        onProgress(report.created.length);
        await playOut(shopper, order, next(), report, patience);
      }
    }),
  );
  return report;
};

const playOut = async (
  shopper: Shopper,
  order: { id: string; totalAmount: number },
  dice: number,
  report: LoadReport,
  patience: number,
) => {
  const cancel = async () => {
    report.cancelledByCustomer += 1;
    await persist(() => shopper.cancel(order.id), patience);
  };
  if (dice < 0.15) return await cancel();
  const key = `load-${crypto.randomUUID()}`;
  if (dice < 0.35) {
    const declined = await persist(() => shopper.pay(order, DECLINED_CARD, key), patience);
    if (declined.body.status === 'FAILED') report.declinedPayments += 1;
    if (dice < 0.25) return await cancel();
  }
  const paid = await persist(() => shopper.pay(order, GOOD_CARD, `${key}-good`), patience);
  // A payment that could not be made (e.g. a charge a crash left running) ends in a cancel.
  if (paid.status !== 201 || paid.body.status !== 'SUCCEEDED' || dice > 0.9) await cancel();
};

/** Waits until every order is COMPLETED or CANCELLED; returns how many ended each way. */
export const settle = async (orders: Outcome[], timeoutMs = 180_000) => {
  const final = new Map<string, string>();
  await eventually(
    async () => {
      for (const { orderId, shopper } of orders) {
        if (final.has(orderId)) continue;
        const status = (await persist(() => shopper.getOrder(orderId))).body.status;
        if (status === 'COMPLETED' || status === 'CANCELLED') final.set(orderId, status);
      }
      return final.size === orders.length;
    },
    {
      timeoutMs,
      intervalMs: 1_000,
      what: `all ${orders.length} orders to end COMPLETED or CANCELLED`,
    },
  );
  const statuses = [...final.values()];
  return {
    completed: statuses.filter((s) => s === 'COMPLETED').length,
    cancelled: statuses.filter((s) => s === 'CANCELLED').length,
  };
};
