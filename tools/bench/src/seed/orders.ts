import { eventRow, listingRowsOfNew, orderRow, userOrderRow } from '@shop/order-service/history';
import type cassandra from 'cassandra-driver';
import type { SeededOrder } from './history.js';

type Statement = { query: string; params: unknown[] };

/**
 * A finished order's rows, as order-service leaves them: its partition (the order and the events
 * it announced, all published, so nothing lands in the outbox: no `outbox_pending` hint), its
 * customer's index row, and the shop-wide listing rows (`order_days` only for a day not yet
 * written this run). No `order_deadlines` row (the sweeper clears it once the order is done) and
 * no `orders_paid` row (not PAID).
 */
export const orderStatements = (
  { order, events }: SeededOrder,
  daysWritten: Set<string>,
): { partition: Statement[]; indexes: Statement[] } => {
  const listing = listingRowsOfNew(order).filter((statement) => {
    if (!statement.query.startsWith('INSERT INTO order_days')) return true;
    const day = String(statement.params[0]);
    if (daysWritten.has(day)) return false;
    daysWritten.add(day);
    return true;
  });
  return {
    partition: [
      orderRow(order, { ifNotExists: false }),
      ...events.map((event) => eventRow(event, true)),
    ],
    indexes: [userOrderRow(order), ...listing],
  };
};

/** One order: its partition as one unlogged single-partition batch, its index rows beside it. */
export const writeOrder = async (
  client: cassandra.Client,
  statements: ReturnType<typeof orderStatements>,
) => {
  await Promise.all([
    client.batch(statements.partition, { prepare: true, logged: false }),
    ...statements.indexes.map(
      async ({ query, params }) => await client.execute(query, params, { prepare: true }),
    ),
  ]);
};
