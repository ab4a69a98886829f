import { resultEvent } from './events.js';
import {
  type ChargeAttempt,
  type GatewayResult,
  type OrderState,
  type PaymentChange,
  type PaymentRecord,
  VOIDED,
} from './model.js';
import { refundOnCancel } from './refunds.js';

/**
 * The settle rules: what the gateway's answer makes of a running charge. Pure: the store locks
 * the order and reads the payment, these decide, the store writes it all in one transaction.
 */

/** The payment once the gateway answered: approved → SUCCEEDED, declined → FAILED with its reason. */
export const settled = (payment: PaymentRecord, result: GatewayResult, now: Date): PaymentRecord =>
  result.approved
    ? {
        ...payment,
        status: 'SUCCEEDED',
        failureReason: null,
        transactionId: result.transactionId,
        gatewayResponse: result.raw ?? null,
        updatedAt: now,
      }
    : {
        ...payment,
        status: 'FAILED',
        failureReason: result.declineReason ?? 'declined',
        transactionId: result.transactionId,
        gatewayResponse: result.raw ?? null,
        updatedAt: now,
      };

/**
 * What closes an attempt whose registration at order-service went unanswered: nothing was
 * charged, and its PaymentFailed releases the order if the registration did land.
 */
export const UNCONFIRMED: GatewayResult = {
  approved: false,
  transactionId: 'none',
  declineReason: 'order_unconfirmed',
};

/** An interrupted charge that never reached the gateway (the lookup voided it) failed `interrupted`. */
export const interruptedOutcome = (outcome: GatewayResult): GatewayResult =>
  !outcome.approved && outcome.declineReason === VOIDED
    ? { ...outcome, declineReason: 'interrupted' }
    : outcome;

/**
 * Recording the gateway's answer for `charge`. Only a payment still PROCESSING that attempt takes
 * it; otherwise another process (a replica, housekeeping) recorded it first: null, nothing to do.
 * The result is announced (PaymentSucceeded / PaymentFailed naming the attempt), and an approval
 * on an order already known cancelled is refunded at once, in the same change.
 */
export const settleCharge = (
  current: PaymentRecord,
  charge: ChargeAttempt,
  result: GatewayResult,
  order: OrderState,
  now: Date,
): PaymentChange | null => {
  if (current.status !== 'PROCESSING' || current.attempt !== charge.attempt) return null;
  const finished = settled(current, result, now);
  const recorded = { payment: finished, refund: null, events: [resultEvent(finished)] };
  const refund = order.cancelledAt ? refundOnCancel(finished, now) : null;
  return refund ? { ...refund, events: [...recorded.events, ...refund.events] } : recorded;
};

/** A FAILED payment charged again with a new card, as its next attempt (a new gateway key). */
export const nextAttempt = (
  payment: PaymentRecord,
  card: PaymentRecord['card'],
  now: Date,
): PaymentRecord => ({
  ...payment,
  status: 'PROCESSING',
  attempt: payment.attempt + 1,
  card,
  failureReason: null,
  gatewayResponse: null,
  updatedAt: now,
});
