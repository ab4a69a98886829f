import { z } from 'zod';
import { OrderLine } from './events/order-events.js';
import { Upc } from './items.js';
import { OrderPaymentStatus, OrderStatus } from './order-status.js';
import {
  Address,
  Currency,
  MinorUnits,
  PageLimit,
  Quantity,
  ServiceName,
  Text,
  Timestamp,
  UNSTATED_RULE,
  Uuid,
} from './primitives.js';

/** A line naming its item by id (what the storefront and the cart send). */
export const ItemIdLine = z.strictObject({ itemId: Uuid, quantity: Quantity });
/** A line naming its item by UPC (a till, a scanner, a feed); order-service resolves it. */
export const UpcLine = z.strictObject({ upc: Upc, quantity: Quantity });
/** `{itemId, quantity}` or `{upc, quantity}`. */
export const RequestedLine = z.union([ItemIdLine, UpcLine]);
export type RequestedLine = z.infer<typeof RequestedLine>;

/** The key a line names its item by: the same key twice is the same item twice. */
const lineKey = (line: RequestedLine) => ('itemId' in line ? line.itemId : `upc:${line.upc}`);

const OrderItems = z
  .array(RequestedLine)
  .min(1, { error: 'an order needs at least one item' })
  .max(50)
  .refine((items) => new Set(items.map(lineKey)).size === items.length, {
    error: 'each item may appear once',
    params: UNSTATED_RULE,
  })
  .describe('Each item appears in one line at most; a repeated itemId is refused with 422');

/**
 * Only items (by id or UPC) and quantities: prices and names come from item-service, never
 * the client.
 */
export const CreateOrderBody = z.strictObject({
  items: OrderItems,
  shippingAddress: Address.optional(),
});
export type CreateOrderBody = z.infer<typeof CreateOrderBody>;

export const UpdateOrderBody = z.strictObject({ items: OrderItems });
export type UpdateOrderBody = z.infer<typeof UpdateOrderBody>;

/** A request without a body (plain `POST .../cancel`) is fine too. */
export const CancelOrderBody = z.strictObject({ reason: Text(200).optional() }).nullish();

/** Optional on create; makes a retried POST return the order the first one created. */
export const IdempotencyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, { error: 'must be 8 to 100 letters, digits, _ or -' });

export const OrderHeaders = z.object({ 'idempotency-key': IdempotencyKey.optional() });

export const Order = z.object({
  id: Uuid,
  userId: Uuid,
  status: OrderStatus,
  items: z.array(OrderLine),
  totalAmount: MinorUnits,
  currency: Currency,
  shippingAddress: Address.nullable(),
  paymentStatus: OrderPaymentStatus,
  paymentId: Uuid.nullable(),
  cancelReason: z.string().nullable(),
  expiresAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.int(),
});
export type Order = z.infer<typeof Order>;

/**
 * payment-service, before it asks the gateway to charge (SERVICE only): the order is being paid
 * by this attempt. order-service checks owner, status and amount, puts the stock hold back to
 * the order's lines, and from then on refuses changes to the order (409) until the attempt fails.
 */
export const PaymentAttemptBody = z.strictObject({
  paymentId: Uuid,
  attempt: z.int().min(1),
  userId: Uuid,
  amount: MinorUnits,
  currency: Currency,
});
export type PaymentAttemptBody = z.infer<typeof PaymentAttemptBody>;

export const OrderIdParams = z.strictObject({ id: Uuid });

/**
 * Without `userId`: a customer's own orders, an ADMIN's every customer's. `userId` is an ADMIN's
 * filter; a customer may only name themselves (anyone else: 403).
 */
export const OrderListQuery = z.strictObject({
  userId: Uuid.optional(),
  status: OrderStatus.optional(),
  limit: PageLimit,
  cursor: z
    .string()
    .max(500)
    .describe('The `nextCursor` of the previous page; any other string is refused with 422')
    .optional(),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderPage = z.object({ orders: z.array(Order), nextCursor: z.string().nullable() });

export const TimelineEntry = z.object({
  eventId: Uuid,
  type: z.string(),
  source: ServiceName,
  occurredAt: Timestamp,
  data: z.unknown(),
});
export const Timeline = z.object({ orderId: Uuid, events: z.array(TimelineEntry) });
