import { type Cart, type CartLine, DEFAULT_CURRENCY } from '@shop/contracts';
import type { CatalogItem, StoredCart, StoredLine } from './ports.js';

const UNPRICED = { name: null, upc: null, picture: null, unitPrice: null, lineTotal: null };

/** `item` undefined: no longer in the catalog; null: the catalog could not be asked. */
const priceLine = (line: StoredLine, item: CatalogItem | undefined | null): CartLine => {
  const base = {
    itemId: line.itemId,
    quantity: line.quantity,
    addedAt: line.addedAt.toISOString(),
    currency: line.currency,
  };
  if (item === null) return { ...base, ...UNPRICED, status: 'UNKNOWN', available: null };
  if (item === undefined) return { ...base, ...UNPRICED, status: 'UNAVAILABLE', available: 0 };
  return {
    ...base,
    status: item.available >= line.quantity ? 'AVAILABLE' : 'INSUFFICIENT_STOCK',
    name: item.name,
    upc: item.upc,
    picture: item.picture,
    unitPrice: item.unitPrice,
    lineTotal: item.unitPrice * line.quantity,
    currency: item.currency,
    available: Math.max(0, item.available),
  };
};

/**
 * The cart as the customer sees it: every line priced from the catalog as it is now. With
 * `catalog` null (item-service unreachable) the lines are still listed, marked UNKNOWN.
 */
export const priceCart = (cart: StoredCart, catalog: Map<string, CatalogItem> | null): Cart => {
  const items = cart.lines.map((line) =>
    priceLine(line, catalog ? catalog.get(line.itemId) : null),
  );
  return {
    userId: cart.userId,
    items,
    itemCount: items.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: items.reduce((sum, line) => sum + (line.lineTotal ?? 0), 0),
    currency: cart.lines[0]?.currency ?? DEFAULT_CURRENCY,
    readyForCheckout: items.length > 0 && items.every((line) => line.status === 'AVAILABLE'),
    version: cart.version,
    updatedAt: cart.updatedAt?.toISOString() ?? null,
  };
};
