import type { RequestedLine } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';
import { crashPoint } from '@shop/platform/crash-points';
import { ConflictError } from '@shop/platform/errors';
import { type OrderChange, type Refusal, refuse } from './decision.js';
import type { OrderDeps } from './deps.js';
import { updatedEvent } from './events.js';
import { holdLinesOf, requireHeld } from './holds.js';
import { type OrderRecord, toPublicOrder } from './model.js';
import { type PricedLines, priceLines } from './pricing.js';
import { loadVisible } from './read-orders.js';
import { resolveLines } from './requested-lines.js';
import { isUnpaid } from './transitions.js';

/** Only an unpaid order that no charge attempt is paying for may change its items. */
export const refusalToChangeItems = (order: OrderRecord): Refusal | null => {
  if (!isUnpaid(order.status))
    return refuse(
      new ConflictError(
        'illegal-transition',
        `Order ${order.id} is ${order.status}; only unpaid orders can change`,
      ),
    );
  if (order.paymentAttempt)
    return refuse(
      new ConflictError(
        'payment-started',
        `A payment for order ${order.id} has started; it can change again only if that payment fails`,
      ),
    );
  return null;
};

/** The order with its new lines (priced), announced by OrderUpdated. */
export const itemsChange = (order: OrderRecord, priced: PricedLines): OrderChange => ({
  changes: priced,
  events: [updatedEvent({ ...order, ...priced })],
});

/** What a change of items does to the order: the change, or why it may not change. */
export const decideItemsChange = (order: OrderRecord, priced: PricedLines): OrderChange | Refusal =>
  refusalToChangeItems(order) ?? itemsChange(order, priced);

/**
 * Changes the items of an unpaid order: hold first, then the order (OrderUpdated). The order's
 * compare-and-set on its version refuses the change if a payment attempt was registered meanwhile.
 */
export const updateOrderItems = async (
  deps: OrderDeps,
  caller: Caller,
  id: string,
  requested: RequestedLine[],
) => {
  const order = await loadVisible(deps, caller, id);
  const refusal = refusalToChangeItems(order);
  if (refusal) throw refusal.refused;
  const items = await resolveLines(deps.inventory, requested);
  const priced = await priceLines(deps.inventory, items, order);
  requireHeld(await deps.inventory.changeHold(id, items));
  // A crash here leaves the hold with the new lines and the order with the old ones: the
  // payment attempt puts the hold back to the order's lines (payment-attempts.ts).
  crashPoint('order.patch-after-hold-change');
  const now = deps.now();
  const change = itemsChange(order, priced);
  if (!(await deps.orders.update(order, { expectedVersion: order.version, now, ...change }))) {
    await putHoldBack(deps, id);
    throw new ConflictError(
      'order-changed',
      `Order ${id} changed while it was being updated; try again`,
    );
  }
  return toPublicOrder({ ...order, ...priced, version: order.version + 1, updatedAt: now });
};

/** Someone changed the order meanwhile: the hold goes back to what the order now says. */
const putHoldBack = async (deps: OrderDeps, id: string) => {
  const current = await deps.orders.find(id);
  if (current) await deps.inventory.changeHold(id, holdLinesOf(current)).catch(() => undefined);
};
