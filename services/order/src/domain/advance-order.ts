import type { Caller } from '@shop/platform/caller';
import { commandOrder, type Decision } from './decision.js';
import type { ChangeDeps } from './deps.js';
import { progressEvent } from './events.js';
import { type OrderRecord, toPublicOrder } from './model.js';
import { loadVisible } from './read-orders.js';
import { canTransition, illegalTransition } from './transitions.js';

export type Progress = 'SHIPPED' | 'DELIVERED';

/** Shipping and delivering (COMPLETED → SHIPPED → DELIVERED); repeating one is harmless. */
export const decideAdvance = (order: OrderRecord, to: Progress): Decision => {
  if (order.status === to) return null;
  if (!canTransition(order.status, to)) return illegalTransition(order, to);
  return {
    changes: { status: to },
    events: [progressEvent(order, to === 'SHIPPED' ? 'OrderShipped' : 'OrderDelivered')],
  };
};

/** ADMIN: COMPLETED → SHIPPED → DELIVERED. */
export const advanceOrder = async (deps: ChangeDeps, caller: Caller, id: string, to: Progress) => {
  const order = await loadVisible(deps, caller, id);
  return toPublicOrder(await commandOrder(deps, order, (current) => decideAdvance(current, to)));
};
