import { changeOrder, type OrderChange } from './decision.js';
import type { ChangeDeps } from './deps.js';
import { cancelledEvent } from './events.js';
import type { OrderRecord } from './model.js';
import { isUnpaid } from './transitions.js';

/** An order still unpaid at its deadline is CANCELLED (`payment_timeout`); any other stays. */
export const decideExpiry = (order: OrderRecord, now: Date): OrderChange | null =>
  isUnpaid(order.status) && order.expiresAt <= now
    ? {
        changes: { status: 'CANCELLED', cancelReason: 'payment_timeout' },
        events: [cancelledEvent(order, 'payment_timeout')],
      }
    : null;

/** Cancels an unpaid order whose payment deadline passed; returns the order as it is afterwards. */
export const expireIfUnpaid = async (deps: ChangeDeps, order: OrderRecord) =>
  (await changeOrder(deps, order, (current) => decideExpiry(current, deps.now()))).order;
