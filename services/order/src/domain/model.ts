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
  /**
   * The charge attempt payment-service registered before asking the gateway (`attemptKey`), until
   * that attempt fails. While it is set the order's items cannot change: the customer is being
   * charged for exactly these.
   */
  paymentAttempt: string | null;
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
    | 'paymentAttempt'
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

/** How a charge attempt is named on the order: the payment and its attempt number. */
export const attemptKey = (paymentId: string, attempt: number) => `${paymentId}#${attempt}`;

/** Whether a failed charge is the attempt the order is waiting on (events from before attempts name none). */
export const attemptFailed = (
  order: OrderRecord,
  failure: { paymentId: string; attempt?: number | undefined },
) =>
  order.paymentAttempt !== null &&
  (failure.attempt === undefined
    ? order.paymentAttempt.startsWith(`${failure.paymentId}#`)
    : order.paymentAttempt === attemptKey(failure.paymentId, failure.attempt));

/** A charge pays the order only if it is exactly the order's total, in its currency. */
export const chargeMatches = (order: OrderRecord, charge: { amount: number; currency: string }) =>
  charge.amount === order.totalAmount && charge.currency === order.currency;

/** The same items in the same quantities, in any order. */
export const sameLines = (
  a: readonly { itemId: string; quantity: number }[],
  b: readonly { itemId: string; quantity: number }[],
) => {
  const quantities = new Map(a.map((line) => [line.itemId, line.quantity]));
  return a.length === b.length && b.every((line) => quantities.get(line.itemId) === line.quantity);
};

export const toPublicOrder = ({
  stockCommitted: _internal,
  paymentAttempt: _attempt,
  ...order
}: OrderRecord) => ({
  ...order,
  expiresAt: order.expiresAt.toISOString(),
  createdAt: order.createdAt.toISOString(),
  updatedAt: order.updatedAt.toISOString(),
});

/** An order as the API shows it (and as an Idempotency-Key keeps the answer that created it). */
export type PublicOrder = ReturnType<typeof toPublicOrder>;
