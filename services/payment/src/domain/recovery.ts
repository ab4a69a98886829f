import { attemptKey, type PaymentRecord } from './model.js';
import type { PaymentDeps } from './payments.js';
import { reconcileOrder } from './refunds.js';
import { interruptedOutcome, settleCharge } from './settlement.js';

/** How many stuck charges or cancelled orders one housekeeping round takes on. */
const BATCH = 100;

/**
 * The gateway's ledger says what became of the attempt (and voids it if it never got there), so
 * the payment ends as the gateway settled it: approved → SUCCEEDED (refunded in the same
 * transaction if the order is cancelled), declined → FAILED with the gateway's reason, never
 * reached → FAILED `interrupted`. Never by charging again.
 */
const resolveInterruptedCharge = async (deps: PaymentDeps, payment: PaymentRecord) => {
  const charge = { paymentId: payment.id, orderId: payment.orderId, attempt: payment.attempt };
  const outcome = interruptedOutcome(await deps.gateway.lookup(attemptKey(charge)));
  const now = deps.now();
  return await deps.payments.recordCharge(charge, (current, order) =>
    settleCharge(current, charge, outcome, order, now),
  );
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
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} interrupted charge(s) not resolved yet`);
  return resolved;
};

/**
 * The reconciler: every successful charge still holding money for an order known cancelled is
 * refunded (domain/refunds.ts `reconcileOrder`), under the order's lock, so exactly once even
 * with two replicas and the consumer at work. Normally finds nothing; it repairs what older
 * versions or a manual change left behind. Returns the refunds made.
 */
export const reconcileCancelledOrders = async (deps: PaymentDeps) => {
  const orders = await deps.payments.cancelledOrdersWithCharges(BATCH);
  let refunds = 0;
  for (const orderId of orders) {
    const now = deps.now();
    const change = await deps.payments.updateOrder(orderId, (order, charges) =>
      reconcileOrder(order, charges, now),
    );
    refunds += change?.changes.length ?? 0;
  }
  return refunds;
};
