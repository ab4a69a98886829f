import type { EventOfType, ShopEvent } from '@shop/contracts';
import { ConflictError } from '@shop/platform/errors';
import { type Decision, type OrderChange, refuse } from './decision.js';
import { cancelledEvent, completedEvent, paidEvent } from './events.js';
import {
  attemptFailed,
  chargeMatches,
  type OrderChanges,
  type OrderRecord,
  sameLines,
} from './model.js';
import { canTransition, isUnpaid } from './transitions.js';

/**
 * What each event does to an order (docs/saga.md#who-reacts-to-what), as pure functions of the
 * order and the event.
 * A reaction is null when the event is already applied, and a refusal when it does not apply to
 * the order's current state (logged and ignored, never an error). consumers/saga-events.ts maps
 * event types to these (ORDER_REACTIONS).
 */
export type Reaction<E extends ShopEvent> = (order: OrderRecord, event: E) => Decision;

const notApplicable = (why: string) => refuse(new ConflictError('event-not-applicable', why));

/** Cancels the order for `reason` with its event; the charge, if any, is refunded by payment-service. */
const cancelFor = (
  order: OrderRecord,
  event: ShopEvent,
  reason: string,
  changes: OrderChanges = {},
): OrderChange => ({
  changes: { ...changes, status: 'CANCELLED', cancelReason: reason },
  events: [cancelledEvent({ ...order, ...changes }, reason)],
  cause: event,
});

/** Unpaid → PAID (OrderPaid), or straight to COMPLETED when the stock commit came first. */
export const onPaymentSucceeded: Reaction<EventOfType<'PaymentSucceeded'>> = (order, event) => {
  if (!isUnpaid(order.status)) return notApplicable('order is not awaiting payment');
  const charged = { paymentStatus: 'SUCCEEDED' as const, paymentId: event.data.paymentId };
  // The money is checked, not trusted: a charge that is not the order's total never pays it.
  if (!chargeMatches(order, event.data))
    return cancelFor(order, event, 'payment_mismatch', charged);
  const paid = paidEvent(order, event.data.paymentId);
  // The stock may already be committed if InventoryCommitted overtook this event.
  return order.stockCommitted
    ? {
        changes: { ...charged, status: 'COMPLETED' },
        events: [paid, completedEvent(order)],
        cause: event,
      }
    : { changes: { ...charged, status: 'PAID' }, events: [paid], cause: event };
};

/** PENDING_PAYMENT → PAYMENT_FAILED; the failure of the registered attempt frees the order. */
export const onPaymentFailed: Reaction<EventOfType<'PaymentFailed'>> = (order, event) => {
  const releases = attemptFailed(order, event.data);
  const fails = order.status === 'PENDING_PAYMENT';
  if (!fails && !releases) return notApplicable('order is not pending payment');
  return {
    changes: {
      ...(fails ? { status: 'PAYMENT_FAILED' as const, paymentStatus: 'FAILED' as const } : {}),
      ...(releases ? { paymentAttempt: null } : {}),
    },
    events: [],
    cause: event,
  };
};

/** PAID → COMPLETED (OrderCompleted); remembered when it overtakes the payment. */
export const onInventoryCommitted: Reaction<EventOfType<'InventoryCommitted'>> = (order, event) => {
  const committable = order.status === 'PAID' || isUnpaid(order.status);
  // What left the shelves must be what was bought; if not, the order is undone (refund, restock).
  if (committable && !sameLines(order.items, event.data.lines))
    return cancelFor(order, event, 'inventory_mismatch');
  if (order.status === 'PAID')
    return { changes: { status: 'COMPLETED' }, events: [completedEvent(order)], cause: event };
  // Overtook PaymentSucceeded (another topic): remember it, complete when the payment lands.
  if (isUnpaid(order.status) && !order.stockCommitted)
    return { changes: { stockCommitted: true }, events: [], cause: event };
  return notApplicable('order is neither PAID nor awaiting payment');
};

/** The stock could not be committed: CANCELLED `out_of_stock` (refunded if it was paid). */
export const onInventoryCommitFailed: Reaction<EventOfType<'InventoryCommitFailed'>> = (
  order,
  event,
) =>
  canTransition(order.status, 'CANCELLED')
    ? cancelFor(order, event, 'out_of_stock')
    : notApplicable('order can no longer be cancelled');

/** A full refund is recorded on the order (`paymentStatus` REFUNDED); a partial one is not. */
export const onPaymentRefunded: Reaction<EventOfType<'PaymentRefunded'>> = (order, event) =>
  event.data.fullyRefunded && order.paymentStatus !== 'REFUNDED'
    ? { changes: { paymentStatus: 'REFUNDED' }, events: [], cause: event }
    : notApplicable('not a full refund, or already recorded');
