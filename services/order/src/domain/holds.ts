import type { HoldLine, ShortLine } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import type { OrderRecord } from './model.js';
import type { HoldOutcome } from './ports.js';

export class InsufficientStockError extends ConflictError {
  constructor(shortLines: ShortLine[]) {
    super('insufficient-stock', 'Not enough stock for some items', { extensions: { shortLines } });
  }
}

/** A hold item-service could not place or change: 409 naming the short lines. */
export const requireHeld = (outcome: HoldOutcome) => {
  if (!outcome.ok) throw new InsufficientStockError(outcome.shortLines);
};

/** The lines the order's stock hold must have: the order's items and quantities. */
export const holdLinesOf = (order: Pick<OrderRecord, 'items'>): HoldLine[] =>
  order.items.map(({ itemId, quantity }) => ({ itemId, quantity }));

/**
 * The stock hold outlives the payment deadline (by 5 minutes), so it is the order's deadline,
 * not the hold's expiry, that decides when an unpaid order ends.
 */
export const holdTtlSeconds = (paymentDeadlineSeconds: number) => paymentDeadlineSeconds + 300;
