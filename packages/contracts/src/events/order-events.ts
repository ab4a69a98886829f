import { z } from 'zod';
import { OrderStatus } from '../order-status.js';
import { Address, Currency, MinorUnits, Quantity, Uuid } from '../primitives.js';
import { defineEvent } from './envelope.js';

/** One priced line of an order: the price is a snapshot taken from item-service. */
export const OrderLine = z.object({
  itemId: Uuid,
  upc: z.string(),
  name: z.string(),
  unitPrice: MinorUnits,
  quantity: Quantity,
  lineTotal: MinorUnits,
});
export type OrderLine = z.infer<typeof OrderLine>;

const OrderSnapshot = z.object({
  userId: Uuid,
  items: z.array(OrderLine).min(1),
  totalAmount: MinorUnits,
  currency: Currency,
});

export const OrderCreated = defineEvent(
  'OrderCreated',
  OrderSnapshot.extend({ expiresAt: z.iso.datetime(), shippingAddress: Address.nullable() }),
);
export const OrderUpdated = defineEvent('OrderUpdated', OrderSnapshot);
export const OrderPaid = defineEvent(
  'OrderPaid',
  z.object({ userId: Uuid, paymentId: Uuid, totalAmount: MinorUnits, currency: Currency }),
);
export const OrderCompleted = defineEvent('OrderCompleted', z.object({ userId: Uuid }));
export const OrderCancelled = defineEvent(
  'OrderCancelled',
  z.object({
    userId: Uuid,
    reason: z.string().min(1),
    /** Whether a payment had succeeded for the order: payment-service then refunds it. */
    paid: z.boolean(),
    /** The state the order left; tells readers whether stock had been committed. */
    previousStatus: OrderStatus,
  }),
);
export const OrderShipped = defineEvent('OrderShipped', z.object({ userId: Uuid }));
export const OrderDelivered = defineEvent('OrderDelivered', z.object({ userId: Uuid }));

export const ORDER_EVENTS = [
  OrderCreated,
  OrderUpdated,
  OrderPaid,
  OrderCompleted,
  OrderCancelled,
  OrderShipped,
  OrderDelivered,
] as const;
