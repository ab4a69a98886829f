import { chargeEvents, refundedEvent } from './events.js';
import { attemptKey, type GatewayResult, type PaymentRecord, VOIDED } from './model.js';
import type { PaymentDeps } from './payments.js';

/** How many stuck charges or cancelled orders one housekeeping round takes on. */
const BATCH = 100;

/** A void means the attempt never reached the gateway: nothing was charged. */
const closingResult = (outcome: GatewayResult): GatewayResult =>
  !outcome.approved && outcome.declineReason === VOIDED
    ? { ...outcome, declineReason: 'interrupted' }
    : outcome;

/**
 * The gateway's ledger says what became of the attempt (and voids it if it never got there), so
 * the payment ends as the gateway settled it: approved → SUCCEEDED (refunded in the same
 * transaction if the order is cancelled), declined → FAILED with the gateway's reason, never
 * reached → FAILED `interrupted`. Never by charging again.
 */
const resolveInterruptedCharge = async (deps: PaymentDeps, payment: PaymentRecord) => {
  const charge = { paymentId: payment.id, orderId: payment.orderId, attempt: payment.attempt };
  const outcome = await deps.gateway.lookup(attemptKey(charge));
  return await deps.payments.recordCharge(charge, closingResult(outcome), chargeEvents, deps.now());
};

/**
 * Charges left PROCESSING by a crash (or a store or gateway outage) longer than the bound. Safe
 * beside a request still running and beside another replica: the ledger gives every asker the
 * same outcome, and recording applies only to a payment still PROCESSING that attempt, under the
 * order's lock. One charge that cannot be resolved yet does not hold up the others.
 */
export const resolveInterruptedCharges = async (deps: PaymentDeps) => {
  const before = new Date(deps.now().getTime() - deps.interruptedAfterMs);
  const interrupted = await deps.payments.interruptedCharges(before);
  const failures: unknown[] = [];
  let resolved = 0;
  for (const payment of interrupted) {
    try {
      await resolveInterruptedCharge(deps, payment);
      resolved += 1;
    } catch (error) {
      failures.push(error);
    }
  }
  if (resolved > 0) deps.wakeOutbox();
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} interrupted charge(s) not resolved yet`);
  return resolved;
};

/**
 * The reconciler: every successful charge still holding money for an order known cancelled is
 * refunded, under the order's lock, so exactly once even with two replicas and the consumer at
 * work. Normally finds nothing (the consumer and recordCharge refund in their own transactions);
 * it repairs what older versions or a manual change left behind. Returns the refunds made.
 */
export const reconcileCancelledOrders = async (deps: PaymentDeps) => {
  const orders = await deps.payments.cancelledOrdersWithCharges(BATCH);
  let refunds = 0;
  for (const orderId of orders)
    refunds += await deps.payments.refundChargesOfCancelledOrder(
      orderId,
      refundedEvent,
      deps.now(),
    );
  if (refunds > 0) deps.wakeOutbox();
  return refunds;
};
