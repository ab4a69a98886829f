import { createEvent, type EventOfType, type ShopEvent } from '@shop/contracts';
import type { Logger as ServiceLogger } from '@shop/platform/log';
import {
  attemptFailed,
  canTransition,
  chargeMatches,
  type OrderChanges,
  type OrderRecord,
  sameLines,
  UNPAID,
} from './model.js';
import { cancelledEvent, changeOrder, type OrderDeps } from './orders.js';
import type { SagaMetrics } from './ports.js';

type Decision = Parameters<typeof changeOrder>[2];

const completedEvent = (order: OrderRecord) =>
  createEvent('OrderCompleted', {
    orderId: order.id,
    source: 'order-service',
    data: { userId: order.userId },
  });

type Reaction = ReturnType<Decision>;
type Ignore = (why: string) => null;

/** Cancels the order for `reason` with its event; the charge, if any, is refunded by payment-service. */
const cancelFor = (
  order: OrderRecord,
  event: ShopEvent,
  reason: string,
  changes: OrderChanges = {},
) => {
  const cancelled = { ...order, ...changes };
  return {
    changes: { ...changes, status: 'CANCELLED' as const, cancelReason: reason },
    events: [cancelledEvent(cancelled, reason)],
    cause: event,
  };
};

const onPaymentSucceeded = (
  order: OrderRecord,
  event: EventOfType<'PaymentSucceeded'>,
  ignore: Ignore,
): Reaction => {
  if (!UNPAID.includes(order.status)) return ignore('order is not awaiting payment');
  const charged = {
    paymentStatus: 'SUCCEEDED' as const,
    paymentId: event.data.paymentId,
  };
  // The money is checked, not trusted: a charge that is not the order's total never pays it.
  if (!chargeMatches(order, event.data))
    return cancelFor(order, event, 'payment_mismatch', charged);
  const paid = createEvent('OrderPaid', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      paymentId: event.data.paymentId,
      totalAmount: order.totalAmount,
      currency: order.currency,
    },
  });
  // The stock may already be committed if InventoryCommitted overtook this event.
  return {
    changes: { ...charged, status: order.stockCommitted ? 'COMPLETED' : 'PAID' },
    events: order.stockCommitted ? [paid, completedEvent(order)] : [paid],
    cause: event,
  };
};

/** A failed attempt frees the order for changes and another payment. */
const onPaymentFailed = (
  order: OrderRecord,
  event: EventOfType<'PaymentFailed'>,
  ignore: Ignore,
): Reaction => {
  const releases = attemptFailed(order, event.data);
  if (order.status !== 'PENDING_PAYMENT' && !releases)
    return ignore('order is not pending payment');
  return {
    changes: {
      ...(order.status === 'PENDING_PAYMENT'
        ? { status: 'PAYMENT_FAILED' as const, paymentStatus: 'FAILED' as const }
        : {}),
      ...(releases ? { paymentAttempt: null } : {}),
    },
    events: [],
    cause: event,
  };
};

const onInventoryCommitted = (
  order: OrderRecord,
  event: EventOfType<'InventoryCommitted'>,
  ignore: Ignore,
): Reaction => {
  const committable = order.status === 'PAID' || UNPAID.includes(order.status);
  // What left the shelves must be what was bought; if not, the order is undone (refund, restock).
  if (committable && !sameLines(order.items, event.data.lines))
    return cancelFor(order, event, 'inventory_mismatch');
  if (order.status === 'PAID')
    return { changes: { status: 'COMPLETED' }, events: [completedEvent(order)], cause: event };
  // Overtook PaymentSucceeded (another topic): remember it, complete when the payment lands.
  if (UNPAID.includes(order.status) && !order.stockCommitted)
    return { changes: { stockCommitted: true }, events: [], cause: event };
  return ignore('order is neither PAID nor awaiting payment');
};

const onInventoryCommitFailed = (order: OrderRecord, event: ShopEvent, ignore: Ignore): Reaction =>
  canTransition(order.status, 'CANCELLED')
    ? {
        changes: { status: 'CANCELLED', cancelReason: 'out_of_stock' },
        events: [cancelledEvent(order, 'out_of_stock')],
        cause: event,
      }
    : ignore('order can no longer be cancelled');

const onPaymentRefunded = (
  order: OrderRecord,
  event: EventOfType<'PaymentRefunded'>,
  ignore: Ignore,
): Reaction =>
  event.data.fullyRefunded && order.paymentStatus !== 'REFUNDED'
    ? { changes: { paymentStatus: 'REFUNDED' }, events: [], cause: event }
    : ignore('not a full refund, or already recorded');

/**
 * What each event does to an order (PRODUCT.md §7). A reaction is null when the event changes
 * nothing in the order's current state (already applied, or not applicable: logged and ignored,
 * never an error). Every applied change records the event id in the same LWT, so a redelivery is
 * recognised; every event lands in the order's timeline.
 */
const decisionFor =
  (event: ShopEvent, logger: ServiceLogger): Decision =>
  (order) => {
    const ignore: Ignore = (why) => {
      logger.info(
        { orderId: order.id, eventId: event.eventId, type: event.type, status: order.status },
        `event ignored: ${why}`,
      );
      return null;
    };
    switch (event.type) {
      case 'PaymentSucceeded':
        return onPaymentSucceeded(order, event, ignore);
      case 'PaymentFailed':
        return onPaymentFailed(order, event, ignore);
      case 'InventoryCommitted':
        return onInventoryCommitted(order, event, ignore);
      case 'InventoryCommitFailed':
        return onInventoryCommitFailed(order, event, ignore);
      case 'PaymentRefunded':
        return onPaymentRefunded(order, event, ignore);
      default:
        return null;
    }
  };

/**
 * Times the saga stages a change completed: created → paid → completed. Paid and completed in
 * one change (the stock was committed first) makes paid → completed zero.
 */
const recordStages = (metrics: SagaMetrics, before: OrderRecord, after: OrderRecord) => {
  const since = (start: Date) => (after.updatedAt.getTime() - start.getTime()) / 1000;
  const paidNow = after.status === 'PAID' || after.status === 'COMPLETED';
  if (UNPAID.includes(before.status) && paidNow)
    metrics.stageReached('created_to_paid', since(before.createdAt));
  if (after.status === 'COMPLETED' && before.status !== 'COMPLETED') {
    metrics.stageReached('created_to_completed', since(before.createdAt));
    // While PAID nothing else changes an order, so its updatedAt is when it was paid.
    metrics.stageReached(
      'paid_to_completed',
      before.status === 'PAID' ? since(before.updatedAt) : 0,
    );
  }
};

/** Consumer entry point: applies one event to its order, idempotently, in any arrival order. */
export const applyEvent = async (
  deps: OrderDeps & { logger: ServiceLogger; sagaMetrics?: SagaMetrics },
  event: ShopEvent,
): Promise<void> => {
  if (event.source === 'order-service') return;
  const order = await deps.orders.find(event.orderId);
  if (!order) {
    deps.logger.warn(
      { orderId: event.orderId, type: event.type },
      'event for an unknown order ignored',
    );
    return;
  }
  if (await deps.orders.hasHandled(order.id, event.eventId)) return;
  const changed = await changeOrder(deps, order, decisionFor(event, deps.logger));
  // Events that changed nothing still belong in the timeline.
  if (!changed || changed.version === order.version) await deps.orders.recordForeignEvent(event);
  else if (deps.sagaMetrics) recordStages(deps.sagaMetrics, order, changed);
};

/** Cancels an unpaid order whose payment deadline passed (reason `payment_timeout`). */
/** Returns the order as it is afterwards (null if it vanished). */
export const expireIfUnpaid = async (
  deps: OrderDeps,
  order: OrderRecord,
): Promise<OrderRecord | null> =>
  await changeOrder(deps, order, (current) =>
    UNPAID.includes(current.status) && current.expiresAt <= deps.now()
      ? {
          changes: { status: 'CANCELLED', cancelReason: 'payment_timeout' },
          events: [cancelledEvent(current, 'payment_timeout')],
        }
      : null,
  );
