import type cassandra from 'cassandra-driver';
import type { RowDataPacket } from 'mysql2/promise';
import type { Stores } from '../stores.js';
import type { CartLine, Checkout, Hold, Item, Line, Order, Payment, Snapshot } from './snapshot.js';

/** Every row of a CQL query, all pages (a plain `execute` returns the first page only). */
const allRows = async (client: cassandra.Client, query: string) => {
  const rows: cassandra.types.Row[] = [];
  for await (const row of await client.execute(query, [], { prepare: true, fetchSize: 2_000 }))
    rows.push(row);
  return rows;
};

const linesOf = (json: string | null | undefined): Line[] =>
  (JSON.parse(json ?? '[]') as Line[]).map(({ itemId, quantity }) => ({
    itemId,
    quantity: Number(quantity),
  }));

interface ItemDocument {
  _id: string;
  inventory: Item['inventory'];
  ledger?: NonNullable<Item['ledger']>;
  reservations?: Record<string, { quantity: number }>;
}
interface HoldDocument {
  _id: string;
  status: string;
  lines: Line[];
  updatedAt?: Date;
  outbox?: { createdAt: Date }[];
}

const loadStock = async (stores: Stores) => {
  const items: Item[] = (
    await stores.items.collection<ItemDocument>('items').find({}).toArray()
  ).map((item) => ({
    id: item._id,
    inventory: item.inventory,
    ledger: item.ledger ?? null,
    reservations: Object.values(item.reservations ?? {}).map((entry) => entry.quantity),
  }));
  const holds: Hold[] = (
    await stores.items.collection<HoldDocument>('holds').find({}).toArray()
  ).map((hold) => ({
    orderId: hold._id,
    status: hold.status,
    lines: hold.lines,
    updatedAt: hold.updatedAt ?? null,
    outbox: (hold.outbox ?? []).map((entry) => entry.createdAt),
  }));
  return { items, holds };
};

const loadOrders = async (stores: Stores) => {
  const rows = await allRows(
    stores.orders,
    'SELECT order_id, user_id, status, items, total_amount, currency, expires_at, updated_at FROM orders PER PARTITION LIMIT 1',
  );
  const orders: Order[] = rows
    .filter((row) => row.status)
    .map((row) => ({
      id: row.order_id.toString(),
      userId: row.user_id?.toString() ?? '',
      status: row.status,
      totalAmount: Number(row.total_amount),
      currency: row.currency,
      lines: linesOf(row.items),
      expiresAt: row.expires_at,
      updatedAt: row.updated_at ?? null,
    }));
  const hints = await allRows(stores.orders, 'SELECT order_id, created_at FROM outbox_pending');
  const orderOutbox = hints.map((row) => ({
    orderId: row.order_id.toString(),
    createdAt: row.created_at,
  }));
  return { orders, orderOutbox };
};

const loadPayments = async (stores: Stores) => {
  const [rows] = await stores.payments.query<RowDataPacket[]>(
    `SELECT p.id, p.order_id, p.status, p.amount, p.currency, p.refunded_amount, p.updated_at,
       COALESCE(SUM(r.amount), 0) AS refund_total
     FROM payments p LEFT JOIN refunds r ON r.payment_id = p.id
     GROUP BY p.id, p.order_id, p.status, p.amount, p.currency, p.refunded_amount, p.updated_at`,
  );
  const payments: Payment[] = rows.map((row) => ({
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    amount: Number(row.amount),
    currency: row.currency,
    refundedAmount: Number(row.refunded_amount),
    refundTotal: Number(row.refund_total),
    updatedAt: row.updated_at,
  }));
  const [outbox] = await stores.payments.query<RowDataPacket[]>(
    'SELECT event_id, created_at FROM outbox WHERE published_at IS NULL',
  );
  const paymentOutbox = outbox.map((row) => ({ eventId: row.event_id, createdAt: row.created_at }));
  return { payments, paymentOutbox };
};

/** Only checkouts still waiting for their OrderCompleted: the completed ones took their lines. */
const loadCarts = async (stores: Stores) => {
  const [checkoutRows] = await stores.carts.query<RowDataPacket[]>(
    'SELECT order_id, user_id, lines_json, completed_at FROM checkouts WHERE completed_at IS NULL',
  );
  const checkouts: Checkout[] = checkoutRows.map((row) => ({
    orderId: row.order_id,
    userId: row.user_id,
    lines: linesOf(row.lines_json),
    completedAt: row.completed_at,
  }));
  const [lineRows] = await stores.carts.query<RowDataPacket[]>(
    'SELECT user_id, item_id, quantity FROM cart_lines',
  );
  const cartLines: CartLine[] = lineRows.map((row) => ({
    userId: row.user_id,
    itemId: row.item_id,
    quantity: Number(row.quantity),
  }));
  return { checkouts, cartLines };
};

/** Reads every store of the saga and the dead-letter topics: the audit's only I/O. */
export const loadSnapshot = async (stores: Stores): Promise<Snapshot> => {
  const [stock, orders, payments, carts, deadLetters] = await Promise.all([
    loadStock(stores),
    loadOrders(stores),
    loadPayments(stores),
    loadCarts(stores),
    stores.deadLetters.list(),
  ]);
  return { ...stock, ...orders, ...payments, ...carts, deadLetters };
};
