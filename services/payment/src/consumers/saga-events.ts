import { type EventOfType, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type Reactions, reactingWith } from '@shop/platform/reactions';
import { type PaymentDeps, refundCancelledOrder } from '../domain/payments.js';

/** payment-service reads what order-service says about orders. */
export const PAYMENT_TOPICS = [TOPICS.order];

/**
 * What payment-service does on each saga event it reacts to (docs/saga.md): a cancelled order
 * gets back what its charges still hold, exactly once (domain/refunds.ts `cancelOrder`).
 */
export const PAYMENT_REACTIONS = {
  OrderCancelled: (deps: PaymentDeps, event: EventOfType<'OrderCancelled'>) =>
    refundCancelledOrder(deps, event.eventId, event.orderId),
} satisfies Reactions<PaymentDeps>;

/** Dispatches each event through PAYMENT_REACTIONS; any other type changes nothing. */
export const paymentSagaHandler = (deps: PaymentDeps): EventHandler =>
  reactingWith(PAYMENT_REACTIONS, deps);
