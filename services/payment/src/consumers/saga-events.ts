import { TOPICS } from '@shop/contracts';
import type { EventHandler } from '@shop/platform/kafka';
import { type PaymentDeps, refundCancelledOrder } from '../domain/payments.js';

/** payment-service reacts to one event: a cancelled order gets its money back. */
export const PAYMENT_TOPICS = [TOPICS.order];

export const paymentSagaHandler =
  (deps: PaymentDeps): EventHandler =>
  async (event) => {
    if (event.type === 'OrderCancelled')
      await refundCancelledOrder(deps, event.eventId, event.orderId);
  };
