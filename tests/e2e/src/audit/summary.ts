import { type Equality, reconcile } from './reconcile.js';
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

const sorted = (counts: Map<string, number>) =>
  [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([name, count]) => `${name} ${count}`);

/** Orders by status and payments by status in two columns, one status a row. */
const sideBySide = (orders: Map<string, number>, payments: Map<string, number>) => {
  const [left, right] = [sorted(orders), sorted(payments)];
  const width = Math.max('orders'.length, ...left.map((cell) => cell.length));
  const rows = Array.from({ length: Math.max(left.length, right.length, 1) }, (_, index) =>
    `  ${(left[index] ?? (index === 0 ? 'none' : '')).padEnd(width)} | ${right[index] ?? (index === 0 ? 'none' : '')}`.trimEnd(),
  );
  return [`  ${'orders'.padEnd(width)} | payments`, ...rows];
};

/** One equality: both totals, how many match, and each difference with the state behind it. */
const describeEquality = (equality: Equality): string[] => {
  const holds = equality.orders.count === equality.payments.count;
  const unexplained = equality.differences.filter((difference) => !difference.explained);
  const verdict = unexplained.length > 0 ? 'NOT explained' : holds ? 'equal' : 'explained by state';
  return [
    `${equality.name}: ${equality.orders.label} ${equality.orders.count} | ${equality.payments.label} ${equality.payments.count} (${equality.matched} match, ${verdict})`,
    ...equality.differences.map(
      (difference) =>
        `  ${difference.side === 'orders' ? 'orders  ' : 'payments'} +${difference.count} ${difference.why}${difference.explained ? '' : '  <- look into it'}`,
    ),
  ];
};

/**
 * The report beside the invariants
 * (docs/contract/invariants.md#8-the-report-beside-the-invariants): orders by status beside
 * payments by status, then seed 002's equalities (paid orders = successful payments, cancelled
 * orders = failed or refunded payments), matched order by order, each difference named with the
 * state that explains it (in flight, partially refunded, never paid, ...). Informative: the
 * invariants are the verdict.
 */
export const summarize = (snapshot: Snapshot): string[] => [
  'totals:',
  ...sideBySide(
    countBy(snapshot.orders, (order) => order.status),
    countBy(snapshot.payments, (payment) => payment.status),
  ),
  ...reconcile(snapshot).flatMap(describeEquality),
  `dead letters: ${show(countBy(snapshot.deadLetters, (letter) => letter.state))}`,
];
