import { type Address, Order, type RequestedLine } from '@shop/contracts';

/** What an order line needs of the catalog's item. */
export interface PricedItem {
  id: string;
  name: string;
  upc: string;
  unitPrice: number;
  currency: string;
}

/**
 * The order order-service answers a placed order with (PENDING_PAYMENT, priced from the
 * catalog), checked against the contract, for the fakes and stubs of order-service.
 */
export const pendingOrder = (
  userId: string,
  request: { items: RequestedLine[]; shippingAddress?: Address | undefined },
  items: ReadonlyMap<string, PricedItem>,
): Order => {
  const now = new Date();
  // cart-service sends ids; a line by UPC is read as order-service would resolve it.
  const idOf = (line: RequestedLine) =>
    'itemId' in line
      ? line.itemId
      : ([...items.entries()].find(([, item]) => item.upc === line.upc)?.[0] ?? '');
  const lines = request.items.map((line) => {
    const itemId = idOf(line);
    const { quantity } = line;
    const item = items.get(itemId);
    const unitPrice = item?.unitPrice ?? 0;
    return {
      itemId,
      upc: item?.upc ?? '036000291452',
      name: item?.name ?? 'Unknown',
      unitPrice,
      quantity,
      lineTotal: unitPrice * quantity,
    };
  });
  return Order.parse({
    id: crypto.randomUUID(),
    userId,
    status: 'PENDING_PAYMENT',
    items: lines,
    totalAmount: lines.reduce((sum, line) => sum + line.lineTotal, 0),
    currency: items.get(lines[0]?.itemId ?? '')?.currency ?? 'USD',
    shippingAddress: request.shippingAddress ?? null,
    paymentStatus: 'NONE',
    paymentId: null,
    cancelReason: null,
    expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  });
};
