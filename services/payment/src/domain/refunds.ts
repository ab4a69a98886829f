import { refundedEvent } from './events.js';
import type { OrderChange, OrderState, PaymentChange, PaymentRecord } from './model.js';

/**
 * The refund rules: how much a refund may take, what a cancelled order gets back and what the
 * reconciler repairs. Pure: the store locks and reads the rows, these decide, the store writes.
 */

/** The reason of every refund made because the order was cancelled. */
export const CANCELLATION_REASON = 'order_cancelled';

/** A charge holds money while it succeeded and is not yet fully refunded. */
export const holdsMoney = (payment: Pick<PaymentRecord, 'status'>) =>
  payment.status === 'SUCCEEDED' || payment.status === 'PARTIALLY_REFUNDED';

/** What is left of a charge to refund. */
export const refundable = (payment: PaymentRecord) =>
  holdsMoney(payment) ? payment.amount - payment.refundedAmount : 0;

export interface RefundRequest {
  refundId: string;
  /** Omitted: everything not yet refunded. */
  amount?: number | undefined;
  reason: string;
}

export type RefundDecision =
  | { kind: 'refunded'; change: PaymentChange }
  | { kind: 'nothing-to-refund' | 'exceeds' };

/**
 * How much a refund may take: the amount asked (everything left if none), never more than is
 * left, so the sum of a charge's refunds never exceeds the charge. Fully refunded → REFUNDED,
 * otherwise PARTIALLY_REFUNDED; announced with PaymentRefunded.
 */
export const refundCharge = (
  payment: PaymentRecord,
  { refundId, amount, reason }: RefundRequest,
  now: Date,
): RefundDecision => {
  const left = refundable(payment);
  if (left === 0) return { kind: 'nothing-to-refund' };
  const refundAmount = amount ?? left;
  if (refundAmount > left) return { kind: 'exceeds' };
  const refundedAmount = payment.refundedAmount + refundAmount;
  const refunded: PaymentRecord = {
    ...payment,
    refundedAmount,
    status: refundedAmount === payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED',
    updatedAt: now,
  };
  const refund = {
    id: refundId,
    paymentId: payment.id,
    amount: refundAmount,
    reason,
    createdAt: now,
  };
  return {
    kind: 'refunded',
    change: { payment: refunded, refund, events: [refundedEvent(refunded, refund)] },
  };
};

/** What a cancellation refunds of one charge: all it still holds; null if it holds nothing. */
export const refundOnCancel = (payment: PaymentRecord, now: Date): PaymentChange | null => {
  const decision = refundCharge(
    payment,
    { refundId: crypto.randomUUID(), reason: CANCELLATION_REASON },
    now,
  );
  return decision.kind === 'refunded' ? decision.change : null;
};

/** Every charge of a cancelled order that still holds money is refunded in full. */
export const refundsOnCancellation = (charges: PaymentRecord[], now: Date): PaymentChange[] =>
  charges.flatMap((charge) => refundOnCancel(charge, now) ?? []);

/**
 * OrderCancelled: the order is remembered as cancelled (the first time counts), so a charge
 * recorded later refunds itself, and every charge recorded before is refunded now.
 */
export const cancelOrder = (
  order: OrderState,
  charges: PaymentRecord[],
  now: Date,
): OrderChange => ({
  order: { cancelledAt: order.cancelledAt ?? now },
  changes: refundsOnCancellation(charges, now),
});

/**
 * The reconciler: a charge still holding money for an order known cancelled is refunded; an
 * order not cancelled is left alone. Normally finds nothing (the OrderCancelled reaction and the
 * recording of a charge refund in their own transactions).
 */
export const reconcileOrder = (
  order: OrderState,
  charges: PaymentRecord[],
  now: Date,
): OrderChange => ({
  order,
  changes: order.cancelledAt ? refundsOnCancellation(charges, now) : [],
});
