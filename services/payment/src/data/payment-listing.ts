import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { PaymentListFilter, PaymentPosition } from '../domain/ports.js';
import { toRecord } from './payment-rows.js';

/**
 * Payments newest first, filtered, one page after `after`: `(created_at, id)` keyset over the
 * index that leads with the filter's column (ix_payments_user_created, ix_payments_status_created,
 * ix_payments_order, or ix_payments_created without a filter), never an offset.
 */
export const listPaymentsPage = async (
  pool: Pool,
  filter: PaymentListFilter,
  limit: number,
  after: PaymentPosition | null,
) => {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['user_id', filter.userId],
    ['status', filter.status],
    ['order_id', filter.orderId],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (after) {
    where.push('(created_at < ? OR (created_at = ? AND id < ?))');
    params.push(after.createdAt, after.createdAt, after.id);
  }
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT * FROM payments ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC LIMIT ?`,
    [...params, limit],
  );
  return rows.map(toRecord);
};
