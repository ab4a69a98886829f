import { SHIPPABLE } from './checks-orders.js';
import type { Order, Payment, Snapshot } from './snapshot.js';

/** A count on one side of an equality that the other side does not have, and why. */
export interface Difference {
  side: 'orders' | 'payments';
  count: number;
  why: string;
  /** False when no state of the saga explains it: worth a look (the invariants say which). */
  explained: boolean;
}

/** `orders` = `payments`, with how many match one for one and what makes up the rest. */
export interface Equality {
  name: string;
  orders: { label: string; count: number };
  payments: { label: string; count: number };
  matched: number;
  differences: Difference[];
}

const PAID_ORDERS = 'paid orders (COMPLETED, SHIPPED, DELIVERED)';
const CHARGE_HELD = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED', 'PROCESSING']);

const paymentsByOrder = (payments: Payment[]) => {
  const byOrder = new Map<string, Payment[]>();
  for (const payment of payments)
    byOrder.set(payment.orderId, [...(byOrder.get(payment.orderId) ?? []), payment]);
  return byOrder;
};

/** Adds `count` under `why` (same side and reason: one line). */
const tally = () => {
  const differences: Difference[] = [];
  const add = (side: Difference['side'], why: string, explained = true, count = 1) => {
    const found = differences.find((entry) => entry.side === side && entry.why === why);
    if (found) found.count += count;
    else differences.push({ side, why, explained, count });
  };
  return { differences, add };
};

/** Why a successful payment has no paid order beside it. */
const successWithoutPaidOrder = (order: Order | undefined) => {
  if (!order)
    return { why: 'SUCCEEDED payment of an order the audit did not find', explained: false };
  if (order.status === 'PAID')
    return {
      why: 'SUCCEEDED payment of an order still PAID (completion in flight)',
      explained: true,
    };
  if (order.status === 'CANCELLED')
    return { why: 'SUCCEEDED payment of a CANCELLED order (refund in flight)', explained: true };
  return { why: `SUCCEEDED payment of an order ${order.status}`, explained: false };
};

/** Paid orders = successful payments, order by order. */
export const paidAgainstSucceeded = ({ orders, payments }: Snapshot): Equality => {
  const ordersById = new Map(orders.map((order) => [order.id, order]));
  const byOrder = paymentsByOrder(payments);
  const { differences, add } = tally();
  let matched = 0;
  for (const order of orders.filter((candidate) => SHIPPABLE.has(candidate.status))) {
    const charges = byOrder.get(order.id) ?? [];
    if (charges.some((payment) => payment.status === 'SUCCEEDED')) matched += 1;
    else if (charges.some((payment) => payment.status === 'PARTIALLY_REFUNDED'))
      add(
        'orders',
        'paid order whose charge is PARTIALLY_REFUNDED (partially refunded, still paid)',
      );
    else add('orders', 'paid order without a successful payment', false);
  }
  const counted = new Set<string>();
  for (const payment of payments.filter((candidate) => candidate.status === 'SUCCEEDED')) {
    const order = ordersById.get(payment.orderId);
    if (order && SHIPPABLE.has(order.status)) {
      // The first is the order's match; another is a second charge (invariant 3 reports it).
      if (counted.has(order.id))
        add('payments', 'second SUCCEEDED payment of one paid order', false);
      counted.add(order.id);
      continue;
    }
    const { why, explained } = successWithoutPaidOrder(order);
    add('payments', why, explained);
  }
  return {
    name: 'paid orders = successful payments',
    orders: { label: PAID_ORDERS, count: orders.filter((o) => SHIPPABLE.has(o.status)).length },
    payments: {
      label: 'successful payments (SUCCEEDED)',
      count: payments.filter((payment) => payment.status === 'SUCCEEDED').length,
    },
    matched,
    differences,
  };
};

/** Why a cancelled order has no failed or refunded payment beside it. */
const cancelledWithout = (charges: Payment[]) => {
  if (charges.length === 0)
    return {
      why: 'CANCELLED order never paid (cancelled or timed out before any payment)',
      explained: true,
    };
  if (charges.some((payment) => CHARGE_HELD.has(payment.status)))
    return {
      why: 'CANCELLED order whose charge is not refunded yet (refund in flight)',
      explained: true,
    };
  return { why: 'CANCELLED order without a failed or refunded payment', explained: false };
};

/** Why a failed or refunded payment has no cancelled order beside it. */
const endedWithoutCancelledOrder = (payment: Payment, order: Order | undefined) => {
  if (!order)
    return {
      why: `${payment.status} payment of an order the audit did not find`,
      explained: false,
    };
  if (payment.status === 'FAILED')
    return {
      why: `FAILED payment (declined) of an order ${order.status}, not cancelled (paid again, or awaiting)`,
      explained: true,
    };
  return {
    why: `REFUNDED payment of an order ${order.status} (refunded by an ADMIN)`,
    explained: true,
  };
};

const ENDED = new Set(['FAILED', 'REFUNDED']);

/** Cancelled orders = failed or refunded payments, order by order. */
export const cancelledAgainstEnded = ({ orders, payments }: Snapshot): Equality => {
  const ordersById = new Map(orders.map((order) => [order.id, order]));
  const byOrder = paymentsByOrder(payments);
  const { differences, add } = tally();
  let matched = 0;
  for (const order of orders.filter((candidate) => candidate.status === 'CANCELLED')) {
    const charges = byOrder.get(order.id) ?? [];
    const ended = charges.filter((payment) => ENDED.has(payment.status));
    if (ended.length > 0) {
      matched += 1;
      if (ended.length > 1)
        add(
          'payments',
          'further failed payments of one CANCELLED order (declined more than once)',
          true,
          ended.length - 1,
        );
      continue;
    }
    const { why, explained } = cancelledWithout(charges);
    add('orders', why, explained);
  }
  for (const payment of payments.filter((candidate) => ENDED.has(candidate.status))) {
    const order = ordersById.get(payment.orderId);
    if (order?.status === 'CANCELLED') continue;
    const { why, explained } = endedWithoutCancelledOrder(payment, order);
    add('payments', why, explained);
  }
  return {
    name: 'cancelled orders = failed or refunded payments',
    orders: {
      label: 'cancelled orders',
      count: orders.filter((order) => order.status === 'CANCELLED').length,
    },
    payments: {
      label: 'failed or refunded payments (FAILED, REFUNDED)',
      count: payments.filter((payment) => ENDED.has(payment.status)).length,
    },
    matched,
    differences,
  };
};

/** Both equalities of seed 002, each difference explained by the state it is in. */
export const reconcile = (snapshot: Snapshot): Equality[] => [
  paidAgainstSucceeded(snapshot),
  cancelledAgainstEnded(snapshot),
];
