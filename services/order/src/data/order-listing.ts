import cassandra from 'cassandra-driver';
import type { OrderRecord } from '../domain/model.js';
import type { ListEntry, ListPosition, OrderStatus } from '../domain/ports.js';

/** The UTC day an order was created on: the partition of the shop-wide listing. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

/**
 * The write time of a status row: the change's time in microseconds plus the order's new
 * version, so two changes of one order in the same millisecond still order (a later change's
 * row wins over an earlier change's deletion of the same status, last write wins).
 */
export const statusWriteTime = (at: Date, version: number): cassandra.types.Long =>
  cassandra.types.Long.fromNumber(at.getTime() * 1000 + (version % 1000));

type WriteTime = ReturnType<typeof statusWriteTime>;

type Statement = { query: string; params: unknown[] };

/**
 * The shop-wide rows of a new order, written before its batch like the customer's row: a crash
 * or a batch that did not apply leaves rows whose order does not exist, and the listing skips
 * them (it reads every order of the page).
 */
export const listingRowsOfNew = (order: OrderRecord): Statement[] => [
  {
    query: 'INSERT INTO order_days (shard, day) VALUES (0, ?)',
    params: [dayOf(order.createdAt)],
  },
  {
    query: 'INSERT INTO orders_by_day (day, created_at, order_id) VALUES (?, ?, ?)',
    params: [dayOf(order.createdAt), order.createdAt, order.id],
  },
  statusRow(order, order.status, statusWriteTime(order.createdAt, order.version)),
];

/** The order under its (new) status; written before the batch that sets that status. */
export const statusRow = (order: OrderRecord, status: OrderStatus, at: WriteTime): Statement => ({
  query:
    'INSERT INTO orders_by_status (status, day, created_at, order_id) VALUES (?, ?, ?, ?) USING TIMESTAMP ?',
  params: [status, dayOf(order.createdAt), order.createdAt, order.id, at],
});

/**
 * The order's row under the status it left; deleted after the batch applied. Its timestamp is
 * the change's: a later change back to that status writes a newer row, which this never removes.
 */
export const formerStatusRow = (
  order: OrderRecord,
  status: OrderStatus,
  at: WriteTime,
): Statement => ({
  query:
    'DELETE FROM orders_by_status USING TIMESTAMP ? WHERE status = ? AND day = ? AND created_at = ? AND order_id = ?',
  params: [at, status, dayOf(order.createdAt), order.createdAt, order.id],
});

/** Days read per call at most: a page of a rare status comes back short, with a cursor. */
const DAYS_PER_CALL = 14;

type Run = (cql: string, params: unknown[]) => Promise<cassandra.types.ResultSet>;

/** The days that have orders, newest first, from the cursor's day on (one more: is there more?). */
const daysFrom = async (run: Run, after: ListPosition | null) =>
  (
    await run(
      after
        ? 'SELECT day FROM order_days WHERE shard = 0 AND day <= ? LIMIT ?'
        : 'SELECT day FROM order_days WHERE shard = 0 LIMIT ?',
      after ? [after.day, DAYS_PER_CALL + 1] : [DAYS_PER_CALL + 1],
    )
  ).rows.map((row) => row.day as string);

/** One day's partition newest first, after the cursor's order when the cursor is in this day. */
const entriesOfDay = async (
  run: Run,
  day: string,
  {
    status,
    after,
    limit,
  }: { status?: OrderStatus | undefined; after: ListPosition | null; limit: number },
): Promise<ListEntry[]> => {
  const within = after?.day === day && after.createdAt !== undefined ? after : null;
  const [table, keys] = status
    ? ['orders_by_status WHERE status = ? AND day = ?', [status, day]]
    : ['orders_by_day WHERE day = ?', [day]];
  const seek = within ? ' AND (created_at, order_id) < (?, ?)' : '';
  const seekParams = within ? [new Date(within.createdAt ?? 0), within.orderId] : [];
  const result = await run(`SELECT created_at, order_id FROM ${table}${seek} LIMIT ?`, [
    ...keys,
    ...seekParams,
    limit,
  ]);
  return result.rows.map((row) => ({
    orderId: row.order_id.toString() as string,
    day,
    createdAt: (row.created_at as Date).getTime(),
  }));
};

/**
 * Every order newest first (of one status, if given), from `after` on: the days that have orders
 * (`order_days`, one small partition) newest first, then each day's partition in clustering
 * order, never a scan. Returns up to `limit` entries and where to go on (null at the end).
 */
export const listEveryone = async (
  client: cassandra.Client,
  query: { status?: OrderStatus | undefined; limit: number; after: ListPosition | null },
): Promise<{ entries: ListEntry[]; next: ListPosition | null }> => {
  const run: Run = async (cql, params) => await client.execute(cql, params, { prepare: true });
  const days = await daysFrom(run, query.after);
  const entries: ListEntry[] = [];
  for (const day of days.slice(0, DAYS_PER_CALL)) {
    const limit = query.limit - entries.length;
    entries.push(...(await entriesOfDay(run, day, { ...query, limit })));
    const last = entries.at(-1);
    if (last && entries.length >= query.limit)
      return { entries, next: { day, createdAt: last.createdAt, orderId: last.orderId } };
  }
  const nextDay = days[DAYS_PER_CALL];
  return { entries, next: nextDay ? { day: nextDay } : null };
};
