import { z } from 'zod';

/** Order states (docs/contract/states.md#orders); transitions are enforced by order-service. */
export const ORDER_STATUSES = [
  'PENDING_PAYMENT',
  'PAYMENT_FAILED',
  'PAID',
  'COMPLETED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const PAYMENT_STATUSES_OF_ORDER = ['NONE', 'SUCCEEDED', 'FAILED', 'REFUNDED'] as const;
export const OrderPaymentStatus = z.enum(PAYMENT_STATUSES_OF_ORDER);
export type OrderPaymentStatus = z.infer<typeof OrderPaymentStatus>;
