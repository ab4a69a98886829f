import { SHIPPABLE } from './checks-orders.js';
import type { Snapshot } from './snapshot.js';

const countBy = <T>(values: T[], key: (value: T) => string) => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1);
  return counts;
};

const show = (counts: Map<string, number>) =>
  [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ') || 'none';

/**
 * The report beside the invariants
 * (docs/contract/invariants.md#8-the-report-beside-the-invariants): orders by status against
 * payments by status. Informative, not a verdict: an order cancelled before payment has no
 * payment at all.
 */
export const summarize = ({ orders, payments, deadLetters }: Snapshot): string[] => {
  const ordersBy = countBy(orders, (order) => order.status);
  const paymentsBy = countBy(payments, (payment) => payment.status);
  const paid = orders.filter((order) => SHIPPABLE.has(order.status)).length;
  const of = (...statuses: string[]) => statuses.reduce((n, s) => n + (paymentsBy.get(s) ?? 0), 0);
  return [
    `orders by status: ${show(ordersBy)}`,
    `payments by status: ${show(paymentsBy)}`,
    `paid orders (COMPLETED, SHIPPED, DELIVERED) ${paid}, successful payments ${of('SUCCEEDED')}`,
    `cancelled orders ${ordersBy.get('CANCELLED') ?? 0}, failed or refunded payments ${of('FAILED', 'REFUNDED', 'PARTIALLY_REFUNDED')}`,
    `dead letters: ${show(countBy(deadLetters, (letter) => letter.state))}`,
  ];
};
