import type { BenchConfig } from './config.js';
import type { Fixtures } from './fixtures.js';
import type { Http } from './http.js';
import { openLoop } from './load.js';
import { highestSustainedRate } from './sweep.js';

export interface PlacedOrder {
  id: string;
  totalAmount: number;
  currency: string;
}

/** One order of one unit, for the index-th customer and item (spread over both). */
export const placeOrder = async (
  http: Http,
  config: BenchConfig,
  fixtures: Fixtures,
  index: number,
) =>
  await http.call<PlacedOrder>('POST', `${config.urls.order}/api/v1/orders`, {
    headers: { authorization: fixtures.tokens[index % fixtures.tokens.length] ?? '' },
    body: { items: [{ itemId: fixtures.itemIds[index % fixtures.itemIds.length], quantity: 1 }] },
  });

/** `POST /orders` (prices from item-service, the hold placed, the order written) at `rate`/s. */
export const benchOrders = async (
  http: Http,
  config: BenchConfig,
  fixtures: Fixtures,
  rate: number,
) => {
  // Items of their own: these orders are never paid, and their holds must not weigh on the
  // saga's items.
  const unpaid = { ...fixtures, itemIds: fixtures.unpaidItemIds };
  const total = await openLoop(
    rate,
    config.seconds,
    async (index) => await placeOrder(http, config, unpaid, index),
  );
  return { rate, total };
};

/** f. The highest `POST /orders` rate whose p99 stays within 250 ms (and errors under 1 %). */
export const findMaxOrderRate = async (
  http: Http,
  config: BenchConfig,
  fixtures: Fixtures,
  settle: () => Promise<void>,
) =>
  await highestSustainedRate(
    config.orderRates,
    250,
    (rate) => benchOrders(http, config, fixtures, rate),
    settle,
  );
