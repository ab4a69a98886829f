import { type EventOfType, TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
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
} as const;

type Reacted = keyof typeof PAYMENT_REACTIONS;

const reactsTo = (type: string): type is Reacted => Object.hasOwn(PAYMENT_REACTIONS, type);

/** Dispatches each event through PAYMENT_REACTIONS; any other type is none of our business. */
export const paymentSagaHandler =
  (deps: PaymentDeps): EventHandler =>
  async (event) => {
    if (!reactsTo(event.type)) return;
    const react = PAYMENT_REACTIONS[event.type] as (
      deps: PaymentDeps,
      event: EventOfType<Reacted>,
    ) => Promise<unknown>;
    await react(deps, event as EventOfType<Reacted>);
  };
