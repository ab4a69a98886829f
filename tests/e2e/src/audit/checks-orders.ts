import {
  age,
  describeLines,
  type Limits,
  olderThan,
  type Report,
  sameLines,
  sum,
} from './report.js';
import type { Hold, Order, Payment, Snapshot } from './snapshot.js';

/** Payments that took the customer's money at some point. */
export const CHARGED = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
/** Orders that went through OrderCompleted: paid, and their stock taken. */
export const SHIPPABLE = new Set(['COMPLETED', 'SHIPPED', 'DELIVERED']);

/**
 * What a paid order's one charge may be: untouched, or partly refunded by an ADMIN (a goodwill
 * or returned-part refund keeps the order paid). Fully refunded belongs to a cancelled order.
 */
const PAID_CHARGE = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED']);

/** 3 and 7: one charge, not fully refunded, equal to the total. */
const checkCharge = (order: Order, charges: Payment[], report: Report) => {
  const ids = { orderId: order.id };
  const [charge] = charges;
  if (charges.length !== 1 || !charge) {
    const net = sum(charges.map((payment) => payment.amount - payment.refundedAmount));
    report(
      3,
      `${order.status} order has ${charges.length} charge(s), net ${net}, total ${order.totalAmount}`,
      ids,
    );
    return;
  }
  if (!PAID_CHARGE.has(charge.status))
    report(3, `${order.status} order's charge is ${charge.status}`, {
      ...ids,
      paymentId: charge.id,
    });
  if (charge.amount !== order.totalAmount || charge.currency !== order.currency) {
    report(
      7,
      `${order.status} order charged ${charge.amount} ${charge.currency}, its total is ${order.totalAmount} ${order.currency}`,
      { ...ids, paymentId: charge.id },
    );
  }
};

/** 3 and 7: the stock taken is the stock ordered. */
const checkCommittedHold = (order: Order, hold: Hold | undefined, report: Report) => {
  const ids = { orderId: order.id };
  if (hold?.status !== 'COMMITTED') {
    report(3, `${order.status} order's hold is ${hold?.status ?? 'missing'}`, ids);
    return;
  }
  if (!sameLines(hold.lines, order.lines)) {
    report(
      7,
      `${order.status} order's committed hold has ${describeLines(hold.lines)}, the order ${describeLines(order.lines)}`,
      ids,
    );
  }
};

/** 4: a cancelled order keeps no money and no stock. */
const checkCancelled = (
  order: Order,
  charges: Payment[],
  hold: Hold | undefined,
  report: Report,
) => {
  const ids = { orderId: order.id };
  const net = sum(charges.map((payment) => payment.amount - payment.refundedAmount));
  if (net !== 0) report(4, `cancelled order still holds ${net} of the customer's money`, ids);
  if (hold && ['HELD', 'COMMITTED'].includes(hold.status))
    report(4, `cancelled order's hold is ${hold.status}`, ids);
};

/** 3, 4 and 7: what each order's state implies about its charges and its hold. */
export const checkOrders = (
  { orders, holds, payments }: Snapshot,
  limits: Limits,
  report: Report,
) => {
  const holdOf = new Map(holds.map((hold) => [hold.orderId, hold]));
  const chargesOf = new Map<string, Payment[]>();
  for (const payment of payments.filter((candidate) => CHARGED.has(candidate.status)))
    chargesOf.set(payment.orderId, [...(chargesOf.get(payment.orderId) ?? []), payment]);
  for (const order of orders) {
    const charges = chargesOf.get(order.id) ?? [];
    const hold = holdOf.get(order.id);
    if (SHIPPABLE.has(order.status)) {
      checkCharge(order, charges, report);
      checkCommittedHold(order, hold, report);
    }
    if (order.status === 'PAID' && olderThan(order.updatedAt, limits.inFlightGraceMs, limits.now)) {
      report(7, `order PAID ${age(order.updatedAt, limits.now)}: the stock commit never came`, {
        orderId: order.id,
      });
    }
    if (order.status === 'CANCELLED') checkCancelled(order, charges, hold, report);
  }
};

/** 7: once an order completed, the cart it was placed from no longer holds what it bought. */
export const checkCarts = (
  { orders, checkouts, cartLines }: Snapshot,
  limits: Limits,
  report: Report,
) => {
  const completed = new Map(
    orders
      .filter((order) => SHIPPABLE.has(order.status))
      .filter((order) => olderThan(order.updatedAt, limits.inFlightGraceMs, limits.now))
      .map((order) => [order.id, order]),
  );
  for (const checkout of checkouts) {
    if (checkout.completedAt || !completed.has(checkout.orderId)) continue;
    const bought = new Set(checkout.lines.map((line) => line.itemId));
    const still = cartLines.filter(
      (line) => line.userId === checkout.userId && bought.has(line.itemId) && line.quantity > 0,
    );
    if (still.length === 0) continue;
    report(
      7,
      `cart still holds lines of a ${completed.get(checkout.orderId)?.status} order: ${describeLines(still)}`,
      { orderId: checkout.orderId, userId: checkout.userId },
    );
  }
};
