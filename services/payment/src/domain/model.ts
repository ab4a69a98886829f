import type { PaymentMethodSummary, PaymentStatus, ShopEvent } from '@shop/contracts';
import type { Caller } from '@shop/platform/caller';

/** A payment as stored; PROCESSING only while the gateway is being asked. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  userId: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  /** The charge attempt that runs or ran last: 1, then +1 per retry with a new card. */
  attempt: number;
  failureReason: string | null;
  card: { brand: string; last4: string };
  transactionId: string | null;
  /** The gateway's raw answer to the attempt that settled it (ADMIN only); null before. */
  gatewayResponse: Record<string, unknown> | null;
  refundedAmount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface GatewayResult {
  approved: boolean;
  transactionId: string;
  declineReason?: string;
  /** The answer as the gateway gave it; absent when no gateway answered (order_unconfirmed). */
  raw?: Record<string, unknown>;
}

export type CardSummary = Pick<PaymentMethodSummary, 'brand' | 'last4'>;

/** What the gateway is asked to charge. */
export interface ChargeRequest {
  amount: number;
  currency: string;
  card: CardSummary;
}

/** One charge attempt of one payment: what the gateway's ledger and order-service know it by. */
export interface ChargeAttempt {
  paymentId: string;
  orderId: string;
  attempt: number;
}

/**
 * The gateway's idempotency key of an attempt: the same for every call about this attempt (a
 * retried call, a lookup after a timeout or a crash), different for each retry with a new card.
 */
export const attemptKey = ({ paymentId, attempt }: Pick<ChargeAttempt, 'paymentId' | 'attempt'>) =>
  `${paymentId}#${attempt}`;

/** The ledger's answer when an attempt never reached the gateway before it was looked up. */
export const VOIDED = 'voided';

/** A payment as its payer sees it: without the gateway's raw answer. */
export const toPublicPayment = ({
  attempt: _internal,
  gatewayResponse: _adminOnly,
  ...payment
}: PaymentRecord) => ({
  ...payment,
  createdAt: payment.createdAt.toISOString(),
  updatedAt: payment.updatedAt.toISOString(),
});

/** A payment as `caller` may see it: an ADMIN also reads the gateway's raw answer. */
export const paymentViewFor = (caller: Pick<Caller, 'role'>) => (payment: PaymentRecord) =>
  caller.role === 'ADMIN'
    ? { ...toPublicPayment(payment), gatewayResponse: payment.gatewayResponse }
    : toPublicPayment(payment);

/**
 * A payment holds its order's charge lock (one running or successful charge per order) from its
 * start, through its success and its refunds; a FAILED one releases it so the order can be paid.
 */
export const holdsChargeLock = (payment: Pick<PaymentRecord, 'status'>) =>
  payment.status !== 'FAILED';

/** What payment-service knows of an order, read under the order's lock. */
export interface OrderState {
  /** When payment-service learnt that the order is cancelled (OrderCancelled); null if not. */
  cancelledAt: Date | null;
}

/** One refund of a charge, as stored. */
export interface RefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  reason: string;
  createdAt: Date;
}

/**
 * What the rules make of one payment, written by the store in one transaction: the payment as it
 * then is, the refund made (if any) and the events that announce it (outbox).
 */
export interface PaymentChange {
  payment: PaymentRecord;
  refund: RefundRecord | null;
  events: ShopEvent[];
}

/** What the rules make of an order and its charges in one transaction under the order's lock. */
export interface OrderChange {
  order: OrderState;
  changes: PaymentChange[];
}
