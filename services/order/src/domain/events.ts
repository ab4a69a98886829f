import { createEvent } from '@shop/contracts';
import type { OrderRecord } from './model.js';

/** The events order-service announces its changes with (docs/contract/events.md#orderevents). */

export const createdEvent = (order: OrderRecord) =>
  createEvent('OrderCreated', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      items: order.items,
      totalAmount: order.totalAmount,
      currency: order.currency,
      expiresAt: order.expiresAt.toISOString(),
      shippingAddress: order.shippingAddress,
    },
  });

export const updatedEvent = (order: OrderRecord) =>
  createEvent('OrderUpdated', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      items: order.items,
      totalAmount: order.totalAmount,
      currency: order.currency,
    },
  });

export const paidEvent = (order: OrderRecord, paymentId: string) =>
  createEvent('OrderPaid', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      paymentId,
      totalAmount: order.totalAmount,
      currency: order.currency,
    },
  });

export const completedEvent = (order: OrderRecord) =>
  createEvent('OrderCompleted', {
    orderId: order.id,
    source: 'order-service',
    data: { userId: order.userId },
  });

export const progressEvent = (order: OrderRecord, type: 'OrderShipped' | 'OrderDelivered') =>
  createEvent(type, { orderId: order.id, source: 'order-service', data: { userId: order.userId } });

/** `paid` tells payment-service to refund; `previousStatus` tells item-service release or restock. */
export const cancelledEvent = (order: OrderRecord, reason: string) =>
  createEvent('OrderCancelled', {
    orderId: order.id,
    source: 'order-service',
    data: {
      userId: order.userId,
      reason,
      paid: order.paymentStatus === 'SUCCEEDED',
      previousStatus: order.status,
    },
  });
