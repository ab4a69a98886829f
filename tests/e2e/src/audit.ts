import type { RowDataPacket } from 'mysql2/promise';
import type { Stores } from './stores.js';

/** One broken invariant of PRODUCT.md §8, with the ids needed to look into it. */
export interface Violation {
  invariant: 1 | 2 | 3 | 4 | 5 | 6;
  message: string;
  ids: Record<string, string>;
}

export interface AuditOptions {
  now?: Date;
  /** How late past its deadline an unpaid order may still be (one sweep plus slack). */
  deadlineGraceMs?: number;
  /** How long an outbox row may wait while Kafka is up. */
  outboxGraceMs?: number;
}

type Line = { itemId: string; quantity: number };
interface Hold {
  _id: string;
  status: string;
  lines: Line[];
  outbox?: { createdAt: Date }[];
}
interface Item {
  _id: string;
  inventory: { onHand: number; reserved: number; available: number };
  ledger?: { initial: number; adjusted: number; committed: number; restocked: number };
  reservations?: Record<string, { quantity: number }>;
}
interface Order {
  id: string;
  status: string;
  totalAmount: number;
  expiresAt: Date;
}
interface Payment {
  id: string;
  orderId: string;
  status: string;
  amount: number;
  refundedAmount: number;
  refundTotal: number;
}

const CHARGED = new Set(['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
const SHIPPABLE = new Set(['COMPLETED', 'SHIPPED', 'DELIVERED']);
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const linesOf = (holds: Hold[], itemId: string) =>
  sum(
    holds.flatMap((hold) =>
      hold.lines.filter((line) => line.itemId === itemId).map((line) => line.quantity),
    ),
  );

const load = async (stores: Stores) => {
  const items = await stores.items.collection<Item>('items').find({}).toArray();
  const holds = await stores.items.collection<Hold>('holds').find({}).toArray();
  const orderRows = await stores.orders.execute(
    'SELECT order_id, status, total_amount, expires_at FROM orders PER PARTITION LIMIT 1',
    [],
    { fetchSize: 5_000, autoPage: true } as never,
  );
  const orders: Order[] = orderRows.rows
    .filter((row) => row.status)
    .map((row) => ({
      id: row.order_id.toString(),
      status: row.status,
      totalAmount: Number(row.total_amount),
      expiresAt: row.expires_at,
    }));
  const hints = (
    await stores.orders.execute('SELECT order_id, created_at FROM outbox_pending', [], {
      autoPage: true,
    } as never)
  ).rows;
  const [paymentRows] = await stores.payments.query<RowDataPacket[]>(
    `SELECT p.id, p.order_id, p.status, p.amount, p.refunded_amount, COALESCE(SUM(r.amount), 0) AS refund_total
     FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id GROUP BY p.id, p.order_id, p.status, p.amount, p.refunded_amount`,
  );
  const payments: Payment[] = paymentRows.map((row) => ({
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    amount: Number(row.amount),
    refundedAmount: Number(row.refunded_amount),
    refundTotal: Number(row.refund_total),
  }));
  const [outboxRows] = await stores.payments.query<RowDataPacket[]>(
    'SELECT event_id, created_at FROM outbox WHERE published_at IS NULL',
  );
  return { items, holds, orders, hints, payments, outboxRows };
};

type Report = (
  invariant: Violation['invariant'],
  message: string,
  ids: Record<string, string>,
) => void;
type Snapshot = Awaited<ReturnType<typeof load>>;

/** 1 and 2 for one item: within bounds, reserved = HELD holds, onHand explained by its ledger. */
const checkItem = (
  item: Item,
  holds: { held: Hold[]; committed: Hold[]; restocked: Hold[] },
  report: Report,
) => {
  const { onHand, reserved, available } = item.inventory;
  const ids = { itemId: item._id };
  if (reserved < 0 || reserved > onHand || available !== onHand - reserved) {
    report(
      1,
      `inventory out of bounds: onHand ${onHand}, reserved ${reserved}, available ${available}`,
      ids,
    );
  }
  const heldLines = linesOf(holds.held, item._id);
  if (reserved !== heldLines) report(1, `reserved ${reserved} ≠ HELD holds ${heldLines}`, ids);
  const entries = sum(Object.values(item.reservations ?? {}).map((entry) => entry.quantity));
  if (reserved !== entries) report(1, `reserved ${reserved} ≠ reservation entries ${entries}`, ids);
  if (!item.ledger) return;
  const { initial, adjusted, committed: sold, restocked: back } = item.ledger;
  if (onHand !== initial + adjusted - sold + back) {
    report(
      2,
      `onHand ${onHand} ≠ initial ${initial} + adjusted ${adjusted} − committed ${sold} + restocked ${back}`,
      ids,
    );
  }
  const soldLines = linesOf(holds.committed, item._id);
  const backLines = linesOf(holds.restocked, item._id);
  if (sold !== soldLines) report(2, `committed ${sold} ≠ committed holds ${soldLines}`, ids);
  if (back !== backLines) report(2, `restocked ${back} ≠ restocked holds ${backLines}`, ids);
};

const checkStock = ({ items, holds }: Snapshot, report: Report) => {
  const byState = {
    held: holds.filter((hold) => hold.status === 'HELD'),
    committed: holds.filter((hold) =>
      ['COMMITTED', 'RESTOCKING', 'RESTOCKED'].includes(hold.status),
    ),
    restocked: holds.filter((hold) => hold.status === 'RESTOCKED'),
  };
  for (const item of items) checkItem(item, byState, report);
  for (const hold of holds) {
    if (['PENDING', 'REHOLDING', 'COMMITTING', 'RELEASING', 'RESTOCKING'].includes(hold.status)) {
      report(1, `hold stuck in ${hold.status}`, { orderId: hold._id });
    }
  }
};

/** 3 and 4: what each order's state implies about its charges and its hold. */
const checkOrder = (order: Order, charges: Payment[], hold: Hold | undefined, report: Report) => {
  const ids = { orderId: order.id };
  const net = sum(charges.map((payment) => payment.amount - payment.refundedAmount));
  if (SHIPPABLE.has(order.status)) {
    const good = charges.filter(
      (payment) => payment.status === 'SUCCEEDED' && payment.amount === order.totalAmount,
    );
    if (charges.length !== 1 || good.length !== 1) {
      report(
        3,
        `${order.status} order has ${charges.length} charge(s), net ${net}, total ${order.totalAmount}`,
        ids,
      );
    }
    if (hold?.status !== 'COMMITTED')
      report(3, `${order.status} order's hold is ${hold?.status ?? 'missing'}`, ids);
  }
  if (order.status === 'PAID') report(3, 'order stuck in PAID (the stock commit never came)', ids);
  if (order.status === 'CANCELLED') {
    if (net !== 0) report(4, `cancelled order still holds ${net} of the customer's money`, ids);
    if (hold && ['HELD', 'COMMITTED'].includes(hold.status))
      report(4, `cancelled order's hold is ${hold.status}`, ids);
  }
};

/** 5: no unpaid order past its deadline. */
const checkDeadlines = ({ orders }: Snapshot, now: Date, options: AuditOptions, report: Report) => {
  for (const order of orders) {
    const unpaid = order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED';
    if (unpaid && order.expiresAt.getTime() + (options.deadlineGraceMs ?? 60_000) < now.getTime()) {
      report(5, `unpaid order outlived its deadline ${order.expiresAt.toISOString()}`, {
        orderId: order.id,
      });
    }
  }
};

/** 5: no outbox row waiting while Kafka is up. */
const checkOutboxes = (
  { hints, outboxRows, holds }: Snapshot,
  now: Date,
  options: AuditOptions,
  report: Report,
) => {
  const stale = (at: Date) => at.getTime() + (options.outboxGraceMs ?? 30_000) < now.getTime();
  for (const hint of hints)
    if (stale(hint.created_at))
      report(5, 'order outbox event not published', { orderId: hint.order_id.toString() });
  for (const row of outboxRows)
    if (stale(row.created_at))
      report(5, 'payment outbox event not published', { eventId: row.event_id });
  for (const hold of holds) {
    if ((hold.outbox ?? []).some((entry) => stale(entry.createdAt)))
      report(5, 'inventory outbox event not published', { orderId: hold._id });
  }
};

/** 6: one charge per order, refunds add up and never exceed their charge. */
const checkCharges = (payments: Payment[], paymentsOf: Map<string, Payment[]>, report: Report) => {
  for (const [orderId, list] of paymentsOf) {
    if (list.filter((payment) => CHARGED.has(payment.status)).length > 1)
      report(6, 'order charged more than once', { orderId });
  }
  for (const payment of payments) {
    if (payment.refundTotal !== payment.refundedAmount || payment.refundedAmount > payment.amount) {
      report(
        6,
        `refunds ${payment.refundTotal} (recorded ${payment.refundedAmount}) vs charge ${payment.amount}`,
        { paymentId: payment.id },
      );
    }
  }
};

/**
 * Reads every store of the saga and checks the invariants of PRODUCT.md §8. Meant for a quiet
 * system (no saga in flight): anything in between is reported.
 */
export const audit = async (stores: Stores, options: AuditOptions = {}): Promise<Violation[]> => {
  const snapshot = await load(stores);
  const violations: Violation[] = [];
  const report: Report = (invariant, message, ids) => violations.push({ invariant, message, ids });
  const holdOf = new Map(snapshot.holds.map((hold) => [hold._id, hold]));
  const paymentsOf = new Map<string, Payment[]>();
  for (const payment of snapshot.payments)
    paymentsOf.set(payment.orderId, [...(paymentsOf.get(payment.orderId) ?? []), payment]);

  checkStock(snapshot, report);
  for (const order of snapshot.orders) {
    const charges = (paymentsOf.get(order.id) ?? []).filter((payment) =>
      CHARGED.has(payment.status),
    );
    checkOrder(order, charges, holdOf.get(order.id), report);
  }
  const now = options.now ?? new Date();
  checkDeadlines(snapshot, now, options, report);
  checkOutboxes(snapshot, now, options, report);
  checkCharges(snapshot.payments, paymentsOf, report);
  return violations;
};
