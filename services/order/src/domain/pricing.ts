import type { OrderLine } from '@shop/contracts';
import { UnprocessableError } from '@shop/platform/errors';
import type { Inventory } from './ports.js';

export interface PricedLines {
  items: OrderLine[];
  totalAmount: number;
  currency: string;
}

/**
 * Prices lines from item-service's current catalog, never from the client. Lines already in
 * the order keep their snapshot price; every item must exist and share one currency.
 */
export const priceLines = async (
  inventory: Inventory,
  requested: { itemId: string; quantity: number }[],
  existing?: { items: OrderLine[]; currency: string },
): Promise<PricedLines> => {
  const known = new Map((existing?.items ?? []).map((line) => [line.itemId, line]));
  const priced = await Promise.all(
    requested.map(async ({ itemId, quantity }) => {
      const snapshot = known.get(itemId);
      if (snapshot && existing) {
        return {
          line: { ...snapshot, quantity, lineTotal: snapshot.unitPrice * quantity },
          currency: existing.currency,
        };
      }
      const item = await inventory.item(itemId);
      if (!item) throw new UnprocessableError('unknown-item', `Item ${itemId} does not exist`);
      const line = {
        itemId,
        upc: item.upc,
        name: item.name,
        unitPrice: item.unitPrice,
        quantity,
        lineTotal: item.unitPrice * quantity,
      };
      return { line, currency: item.currency };
    }),
  );
  const currencies = new Set(priced.map((entry) => entry.currency));
  if (currencies.size > 1)
    throw new UnprocessableError(
      'mixed-currencies',
      'All items of an order must share one currency',
    );
  const items = priced.map((entry) => entry.line);
  return {
    items,
    totalAmount: items.reduce((sum, line) => sum + line.lineTotal, 0),
    currency: priced[0]?.currency ?? 'USD',
  };
};
