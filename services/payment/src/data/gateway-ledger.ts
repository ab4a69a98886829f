import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { GatewayLedger, LedgerEntry } from '../domain/ports.js';

const toEntry = (row: RowDataPacket): LedgerEntry => ({
  approved: Boolean(row.approved),
  transactionId: row.transaction_id,
  declineReason: row.decline_reason ?? null,
  request:
    row.amount === null
      ? null
      : {
          amount: Number(row.amount),
          currency: row.currency,
          card: { brand: row.card_brand, last4: row.card_last4 },
        },
  createdAt: row.created_at,
});

/**
 * The gateway simulator's ledger in `gateway_ledger`. Every write is its own autocommitted
 * statement on the pool, never a statement of a payment-service transaction: the simulator
 * stands for an outside processor, whose memory does not roll back with ours.
 */
export const createGatewayLedger = (pool: Pool): GatewayLedger => {
  const find = async (attemptKey: string) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT * FROM gateway_ledger WHERE attempt_key = ?',
      [attemptKey],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  };
  return {
    find,
    // The primary key settles a race: whoever inserts first wins, the other reads the winner.
    settle: async (attemptKey, entry) => {
      await pool.execute(
        `INSERT IGNORE INTO gateway_ledger
           (attempt_key, approved, transaction_id, decline_reason, amount, currency, card_brand, card_last4, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          attemptKey,
          entry.approved,
          entry.transactionId,
          entry.declineReason,
          entry.request?.amount ?? null,
          entry.request?.currency ?? null,
          entry.request?.card.brand ?? null,
          entry.request?.card.last4 ?? null,
          entry.createdAt,
        ],
      );
      const settled = await find(attemptKey);
      if (!settled) throw new Error(`gateway ledger lost attempt ${attemptKey}`);
      return settled;
    },
  };
};
