import type { PaymentMethodSummary, PaymentStatus } from '@shop/contracts';

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
  refundedAmount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface GatewayResult {
  approved: boolean;
  transactionId: string;
  declineReason?: string;
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

export const toPublicPayment = ({ attempt: _internal, ...payment }: PaymentRecord) => ({
  ...payment,
  createdAt: payment.createdAt.toISOString(),
  updatedAt: payment.updatedAt.toISOString(),
});

export const refundable = (payment: PaymentRecord) => payment.amount - payment.refundedAmount;
