import { createEvent, type EventOfType, type ShopEvent } from '@shop/contracts';

/** Events as the services publish them, for a given user and order. */
export const orderLines = [
  {
    itemId: crypto.randomUUID(),
    upc: '036000291452',
    name: 'Studio Headphones',
    unitPrice: 12_999,
    quantity: 2,
    lineTotal: 25_998,
  },
  {
    itemId: crypto.randomUUID(),
    upc: '036000291469',
    name: 'Cable <1m> & "adapter"',
    unitPrice: 999,
    quantity: 1,
    lineTotal: 999,
  },
];

export const orderCreated = (userId: string, orderId = crypto.randomUUID()) =>
  createEvent('OrderCreated', {
    orderId,
    source: 'order-service',
    data: {
      userId,
      items: orderLines,
      totalAmount: 26_997,
      currency: 'USD',
      expiresAt: '2030-01-15T10:30:00.000Z',
      shippingAddress: {
        line1: '1 Main Street',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
    },
  });

const payment = (userId: string) => ({
  paymentId: crypto.randomUUID(),
  userId,
  amount: 26_997,
});

export const paymentFailed = (userId: string, orderId = crypto.randomUUID()) =>
  createEvent('PaymentFailed', {
    orderId,
    source: 'payment-service',
    data: { ...payment(userId), currency: 'USD', reason: 'card_declined' },
  });

export const paymentRefunded = (userId: string, orderId = crypto.randomUUID()) =>
  createEvent('PaymentRefunded', {
    orderId,
    source: 'payment-service',
    data: {
      ...payment(userId),
      currency: 'EUR',
      refundId: crypto.randomUUID(),
      refundAmount: 1_000,
      refundedAmount: 1_000,
      fullyRefunded: false,
      reason: 'order_cancelled',
    },
  });

export const orderCancelled = (userId: string, orderId = crypto.randomUUID()) =>
  createEvent('OrderCancelled', {
    orderId,
    source: 'order-service',
    data: { userId, reason: 'out_of_stock', paid: true, previousStatus: 'PAID' },
  });

export const orderProgress = <T extends 'OrderCompleted' | 'OrderShipped' | 'OrderDelivered'>(
  type: T,
  userId: string,
  orderId = crypto.randomUUID(),
): EventOfType<T> =>
  createEvent(type as 'OrderShipped', {
    orderId,
    source: 'order-service',
    data: { userId },
  }) as EventOfType<T>;

/** Events that call for no email. */
export const silentEvents = (userId: string, orderId: string): ShopEvent[] => [
  createEvent('OrderUpdated', {
    orderId,
    source: 'order-service',
    data: { userId, items: orderLines, totalAmount: 26_997, currency: 'USD' },
  }),
  createEvent('OrderPaid', {
    orderId,
    source: 'order-service',
    data: { userId, paymentId: crypto.randomUUID(), totalAmount: 26_997, currency: 'USD' },
  }),
  createEvent('PaymentSucceeded', {
    orderId,
    source: 'payment-service',
    data: {
      ...payment(userId),
      currency: 'USD',
      transactionId: 'sim_1',
      card: { brand: 'visa', last4: '4242' },
    },
  }),
];
