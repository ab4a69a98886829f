import {
  checkCharges,
  checkDeadLetters,
  checkDeadlines,
  checkOutboxes,
  checkProcessing,
} from './checks-flow.js';
import { checkCarts, checkOrders } from './checks-orders.js';
import { checkStock } from './checks-stock.js';
import type { Limits, Report, Violation } from './report.js';
import type { Snapshot } from './snapshot.js';

export interface AuditOptions {
  now?: Date;
  /** How late past its deadline an unpaid order may still be (one sweep plus slack): 60 s. */
  deadlineGraceMs?: number;
  /** How long an outbox row may wait while Kafka is up: 60 s (a dead process's, one 30 s safety poll). */
  outboxGraceMs?: number;
  /**
   * How long an order may stay PAID, a hold COMMITTING (or in another passing state), a payment
   * PROCESSING, a completed order's lines in the cart. 0 by default: a quiet system (what the
   * tests audit) has nothing in flight at all. `make audit` allows AUDIT_GRACE_SECONDS (60 s).
   */
  inFlightGraceMs?: number;
}

export const limitsOf = (options: AuditOptions = {}): Limits => ({
  now: options.now ?? new Date(),
  deadlineGraceMs: options.deadlineGraceMs ?? 60_000,
  outboxGraceMs: options.outboxGraceMs ?? 60_000,
  inFlightGraceMs: options.inFlightGraceMs ?? 0,
});

/** Every invariant of docs/contract/invariants.md over one snapshot of the stores: pure, no I/O. */
export const checkSnapshot = (snapshot: Snapshot, options: AuditOptions = {}): Violation[] => {
  const limits = limitsOf(options);
  const violations: Violation[] = [];
  const report: Report = (invariant, message, ids) => violations.push({ invariant, message, ids });
  checkStock(snapshot, limits, report);
  checkOrders(snapshot, limits, report);
  checkDeadlines(snapshot, limits, report);
  checkOutboxes(snapshot, limits, report);
  checkCharges(snapshot, report);
  checkProcessing(snapshot, limits, report);
  checkCarts(snapshot, limits, report);
  checkDeadLetters(snapshot, report);
  return violations;
};
