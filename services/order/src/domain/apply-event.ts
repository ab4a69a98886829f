import type { ShopEvent } from '@shop/contracts';
import { changeOrder } from './decision.js';
import type { SagaDeps } from './deps.js';
import type { OrderRecord } from './model.js';
import type { SagaMetrics } from './ports.js';
import type { Reaction } from './saga.js';
import { isUnpaid } from './transitions.js';

/**
 * Times the saga stages a change completed: created → paid → completed. Paid and completed in
 * one change (the stock was committed first) makes paid → completed zero.
 */
export const recordStages = (metrics: SagaMetrics, before: OrderRecord, after: OrderRecord) => {
  const since = (start: Date) => (after.updatedAt.getTime() - start.getTime()) / 1000;
  const paidNow = after.status === 'PAID' || after.status === 'COMPLETED';
  if (isUnpaid(before.status) && paidNow)
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

/**
 * Applies one consumed event to its order with `reaction`, idempotently and in any arrival
 * order: an event already handled does nothing; an applied change records the event id in the
 * same compare-and-set; an event that changes nothing is logged (if it did not apply) and still
 * lands in the order's timeline.
 */
export const reactToEvent = async <E extends ShopEvent>(
  deps: SagaDeps,
  event: E,
  reaction: Reaction<E>,
): Promise<void> => {
  if (event.source === 'order-service') return;
  const found = await deps.orders.findForEvent(event.orderId, event.eventId);
  if (!found) {
    deps.logger.warn(
      { orderId: event.orderId, type: event.type },
      'event for an unknown order ignored',
    );
    return;
  }
  if (found.handled) return;
  const { order } = found;
  const outcome = await changeOrder(deps, order, (current) => reaction(current, event));
  if (outcome.refusal)
    deps.logger.info(
      {
        orderId: order.id,
        eventId: event.eventId,
        type: event.type,
        status: outcome.order.status,
      },
      `event ignored: ${outcome.refusal.detail}`,
    );
  if (!outcome.applied) await deps.orders.recordForeignEvent(event);
  else if (deps.sagaMetrics) recordStages(deps.sagaMetrics, outcome.before, outcome.order);
};

/**
 * An event order-service does not react to (InventoryReleased, for one) still belongs in the
 * order's timeline, which shows every event about the order from every service.
 */
export const recordInTimeline = async (deps: SagaDeps, event: ShopEvent): Promise<void> => {
  if (event.source === 'order-service') return;
  if (await deps.orders.find(event.orderId)) await deps.orders.recordForeignEvent(event);
};
