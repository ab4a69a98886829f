import type { Line } from './snapshot.js';

/** One broken invariant of docs/contract/invariants.md, with the ids needed to look into it. */
export interface Violation {
  invariant: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  message: string;
  ids: Record<string, string>;
}

export type Report = (
  invariant: Violation['invariant'],
  message: string,
  ids: Record<string, string>,
) => void;

/** The audit's clock and how long each kind of "in between" may last before it is reported. */
export interface Limits {
  now: Date;
  /** How late past its deadline an unpaid order may still be (one sweep plus slack). */
  deadlineGraceMs: number;
  /** How long an outbox row may wait while Kafka is up. */
  outboxGraceMs: number;
  /**
   * How long an order may stay PAID, a hold in a passing state (COMMITTING, RELEASING, ...), a
   * payment PROCESSING, and a completed order's lines in its customer's cart.
   */
  inFlightGraceMs: number;
}

/** Whether `at` lies more than `graceMs` before now; an unknown time counts as long ago. */
export const olderThan = (at: Date | null, graceMs: number, now: Date) =>
  at === null || at.getTime() + graceMs < now.getTime();

/** "for 75 s" (or "for an unknown time"), to say how long something has been stuck. */
export const age = (at: Date | null, now: Date) =>
  at === null
    ? 'for an unknown time'
    : `for ${Math.round((now.getTime() - at.getTime()) / 1000)} s`;

export const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Quantity per item, lines of the same item added up. */
const quantities = (lines: Line[]) => {
  const byItem = new Map<string, number>();
  for (const { itemId, quantity } of lines)
    byItem.set(itemId, (byItem.get(itemId) ?? 0) + quantity);
  return byItem;
};

/** The same items in the same quantities, whatever the order of the lines. */
export const sameLines = (a: Line[], b: Line[]) => {
  const [left, right] = [quantities(a), quantities(b)];
  return left.size === right.size && [...left].every(([item, q]) => right.get(item) === q);
};

export const describeLines = (lines: Line[]) =>
  [...quantities(lines)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([itemId, quantity]) => `${itemId}×${quantity}`)
    .join(', ') || 'none';
