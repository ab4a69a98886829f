import type {
  Address,
  OrderLine,
  OrderPaymentStatus,
  OrderStatus,
  ServiceName,
  ShopEvent,
} from '@shop/contracts';

export interface OrderRecord {
  id: string;
  userId: string;
  status: OrderStatus;
  items: OrderLine[];
  totalAmount: number;
  currency: string;
  shippingAddress: Address | null;
  paymentStatus: OrderPaymentStatus;
  paymentId: string | null;
  cancelReason: string | null;
  /** item-service committed the stock before this service saw the payment (events race). */
  stockCommitted: boolean;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export type OrderChanges = Partial<
  Pick<
    OrderRecord,
    | 'status'
    | 'items'
    | 'totalAmount'
    | 'paymentStatus'
    | 'paymentId'
    | 'cancelReason'
    | 'stockCommitted'
  >
>;

export interface TimelineEntry {
  eventId: string;
  type: string;
  source: ServiceName;
  occurredAt: Date;
  data: unknown;
}

/** A state change of one order with the events that announce it, applied as one LWT. */
export interface OrderUpdate {
  expectedVersion: number;
  changes: OrderChanges;
  events: ShopEvent[];
  /** The event that caused it; recorded so a redelivery is recognised. */
  cause?: ShopEvent;
  now: Date;
}

/** PRODUCT.md §5; anything else is refused (409 on the API, ignored for an event). */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ['PAID', 'PAYMENT_FAILED', 'CANCELLED'],
  PAYMENT_FAILED: ['PENDING_PAYMENT', 'PAID', 'CANCELLED'],
  PAID: ['COMPLETED', 'CANCELLED'],
  COMPLETED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus) => TRANSITIONS[from].includes(to);

export const UNPAID: readonly OrderStatus[] = ['PENDING_PAYMENT', 'PAYMENT_FAILED'];

export const toPublicOrder = ({ stockCommitted: _internal, ...order }: OrderRecord) => ({
  ...order,
  expiresAt: order.expiresAt.toISOString(),
  createdAt: order.createdAt.toISOString(),
  updatedAt: order.updatedAt.toISOString(),
});
