import type { Caller } from '@shop/platform/caller';
import { commandOrder, type Decision } from './decision.js';
import type { ChangeDeps } from './deps.js';
import { cancelledEvent } from './events.js';
import { type OrderRecord, toPublicOrder } from './model.js';
import { loadVisible } from './read-orders.js';
import { canTransition, illegalTransition } from './transitions.js';

/**
 * Cancelling: CANCELLED with its reason and OrderCancelled (`paid` makes payment-service refund,
 * `previousStatus` makes item-service release or restock). Already cancelled: nothing to do.
 */
export const decideCancel = (order: OrderRecord, reason: string): Decision => {
  if (order.status === 'CANCELLED') return null;
  if (!canTransition(order.status, 'CANCELLED')) return illegalTransition(order, 'CANCELLED');
  return {
    changes: { status: 'CANCELLED', cancelReason: reason },
    events: [cancelledEvent(order, reason)],
  };
};

/** Cancels; repeating it is harmless. A paid order is refunded by payment-service (paid: true). */
export const cancelOrder = async (
  deps: ChangeDeps,
  caller: Caller,
  id: string,
  reason = 'customer_request',
) => {
  const order = await loadVisible(deps, caller, id);
  return toPublicOrder(await commandOrder(deps, order, (current) => decideCancel(current, reason)));
};
