import { createEvent } from '@shop/contracts';
import type { PaymentRecord, RefundRecord } from './model.js';

/** What every payment event says about the charge. */
const facts = (payment: PaymentRecord) => ({
  paymentId: payment.id,
  userId: payment.userId,
  amount: payment.amount,
  currency: payment.currency,
});

/** PaymentSucceeded or PaymentFailed, naming the attempt so order-service releases the right one. */
export const resultEvent = (payment: PaymentRecord) =>
  payment.status === 'SUCCEEDED'
    ? createEvent('PaymentSucceeded', {
        orderId: payment.orderId,
        source: 'payment-service',
        data: {
          ...facts(payment),
          transactionId: payment.transactionId ?? '',
          card: payment.card,
          attempt: payment.attempt,
        },
      })
    : createEvent('PaymentFailed', {
        orderId: payment.orderId,
        source: 'payment-service',
        data: {
          ...facts(payment),
          reason: payment.failureReason ?? 'declined',
          attempt: payment.attempt,
        },
      });

/** PaymentRefunded: `payment` as it is after `refund`. */
export const refundedEvent = (payment: PaymentRecord, refund: RefundRecord) =>
  createEvent('PaymentRefunded', {
    orderId: payment.orderId,
    source: 'payment-service',
    data: {
      ...facts(payment),
      refundId: refund.id,
      refundAmount: refund.amount,
      refundedAmount: payment.refundedAmount,
      fullyRefunded: payment.refundedAmount === payment.amount,
      reason: refund.reason,
    },
  });
