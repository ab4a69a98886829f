import type { BenchConfig } from './config.js';
import type { Fixtures } from './fixtures.js';
import type { Http } from './http.js';
import { openLoop } from './load.js';

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

/** b. `POST /orders` (prices from item-service, the hold placed, the order written) at 100/s. */
export const benchOrders = async (http: Http, config: BenchConfig, fixtures: Fixtures) => {
  const unpaid = { ...fixtures, itemIds: fixtures.unpaidItemIds };
  return await openLoop(
    100,
    config.seconds,
    async (index) => await placeOrder(http, config, unpaid, index),
  );
};
