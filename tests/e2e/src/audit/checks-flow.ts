import { CHARGED } from './checks-orders.js';
import { age, type Limits, olderThan, type Report } from './report.js';
import type { Payment, Snapshot } from './snapshot.js';

/** 5: no unpaid order past its deadline. */
export const checkDeadlines = ({ orders }: Snapshot, limits: Limits, report: Report) => {
  for (const order of orders) {
    const unpaid = order.status === 'PENDING_PAYMENT' || order.status === 'PAYMENT_FAILED';
    if (unpaid && olderThan(order.expiresAt, limits.deadlineGraceMs, limits.now)) {
      report(5, `unpaid order outlived its deadline ${order.expiresAt.toISOString()}`, {
        orderId: order.id,
      });
    }
  }
};

/** 5: no outbox row waiting while Kafka is up. */
export const checkOutboxes = (
  { orderOutbox, paymentOutbox, holds }: Snapshot,
  limits: Limits,
  report: Report,
) => {
  const stale = (at: Date) => olderThan(at, limits.outboxGraceMs, limits.now);
  for (const hint of orderOutbox)
    if (stale(hint.createdAt))
      report(5, 'order outbox event not published', { orderId: hint.orderId });
  for (const row of paymentOutbox)
    if (stale(row.createdAt))
      report(5, 'payment outbox event not published', { eventId: row.eventId });
  for (const hold of holds) {
    if (hold.outbox.some(stale))
      report(5, 'inventory outbox event not published', { orderId: hold.orderId });
  }
};

/** 6: one charge per order, refunds add up and never exceed their charge. */
export const checkCharges = ({ payments }: Snapshot, report: Report) => {
  const chargesOf = new Map<string, Payment[]>();
  for (const payment of payments.filter((candidate) => CHARGED.has(candidate.status)))
    chargesOf.set(payment.orderId, [...(chargesOf.get(payment.orderId) ?? []), payment]);
  for (const [orderId, charges] of chargesOf)
    if (charges.length > 1) report(6, 'order charged more than once', { orderId });
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

/** 7: no payment left PROCESSING (its outcome unknown) for longer than the grace. */
export const checkProcessing = ({ payments }: Snapshot, limits: Limits, report: Report) => {
  for (const payment of payments) {
    if (payment.status !== 'PROCESSING') continue;
    if (!olderThan(payment.updatedAt, limits.inFlightGraceMs, limits.now)) continue;
    report(7, `payment PROCESSING ${age(payment.updatedAt, limits.now)}`, {
      paymentId: payment.id,
      orderId: payment.orderId,
    });
  }
};

/** 7: no message waits on a dead-letter topic, neither replayed nor acknowledged. */
export const checkDeadLetters = ({ deadLetters }: Snapshot, report: Report) => {
  for (const letter of deadLetters) {
    if (letter.state !== 'pending') continue;
    const ids: Record<string, string> = { deadLetterId: letter.id };
    if (letter.eventType) ids.eventType = letter.eventType;
    if (letter.orderId) ids.orderId = letter.orderId;
    report(
      7,
      `dead letter pending (make dlq): ${letter.reason} at ${letter.consumerGroup}: ${letter.error}`,
      ids,
    );
  }
};
