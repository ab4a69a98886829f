/** The saga events item-service reacts to, for its unit tests and its service suite alike. */
import { createEvent } from '@shop/contracts';

const userId = '00000000-0000-4000-8000-0000000000aa';

export const paymentSucceeded = (orderId: string) =>
  createEvent('PaymentSucceeded', {
    orderId,
    source: 'payment-service',
    data: {
      paymentId: crypto.randomUUID(),
      userId,
      amount: 100,
      currency: 'USD',
      transactionId: 'sim_1',
      card: { brand: 'visa', last4: '4242' },
    },
  });

export const orderCancelled = (orderId: string, paid = false) =>
  createEvent('OrderCancelled', {
    orderId,
    source: 'order-service',
    data: {
      userId,
      reason: 'customer_request',
      paid,
      previousStatus: paid ? 'COMPLETED' : 'PENDING_PAYMENT',
    },
  });
