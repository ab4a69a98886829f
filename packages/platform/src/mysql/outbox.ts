import type { ShopEvent } from '@shop/contracts';
import type { Pool, PoolConnection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { type OutboxStore, toOutboxMessage } from '../kafka/outbox-relay.js';
import { currentTraceparent } from '../tracing.js';

/** Events this service has acted on: inserted in the same transaction as the effect. */
export const PROCESSED_EVENTS_MIGRATION = `CREATE TABLE IF NOT EXISTS processed_events (
  event_id CHAR(36) NOT NULL PRIMARY KEY,
  processed_at DATETIME(3) NOT NULL
)`;

/** Statements a MySQL-backed service adds to its first migration to get an outbox and dedupe. */
export const OUTBOX_MIGRATIONS = [
  `CREATE TABLE IF NOT EXISTS outbox (
    seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    event_id CHAR(36) NOT NULL,
    topic VARCHAR(100) NOT NULL,
    msg_key VARCHAR(100) NOT NULL,
    value MEDIUMTEXT NOT NULL,
    headers TEXT NOT NULL,
    created_at DATETIME(3) NOT NULL,
    published_at DATETIME(3) NULL,
    UNIQUE KEY uq_outbox_event (event_id),
    KEY ix_outbox_pending (published_at, seq)
  )`,
  PROCESSED_EVENTS_MIGRATION,
];

/**
 * Adds events to the outbox inside the caller's transaction, with the change they announce.
 * Each keeps the `traceparent` of the request or event being handled (in its headers column),
 * so the handlers of the event join the same trace.
 */
export const enqueueEvents = async (
  connection: PoolConnection,
  events: ShopEvent[],
  now = new Date(),
  traceparent = currentTraceparent(),
) => {
  for (const event of events) {
    const message = toOutboxMessage(event, traceparent);
    await connection.execute(
      'INSERT INTO outbox (event_id, topic, msg_key, value, headers, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [message.id, message.topic, message.key, message.value, JSON.stringify(message.headers), now],
    );
  }
};

/**
 * Records that `eventId` is being handled, inside the transaction of its effect. False if it was
 * handled before: the caller then does nothing (a redelivery).
 */
export const claimEvent = async (connection: PoolConnection, eventId: string, now = new Date()) => {
  const [result] = await connection.execute<ResultSetHeader>(
    'INSERT IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)',
    [eventId, now],
  );
  return result.affectedRows === 1;
};

/** The relay's view of the outbox table: unpublished rows in write order. */
export const mysqlOutbox = (pool: Pool): OutboxStore => ({
  exhaustiveReads: true,
  pending: async (limit) => {
    const [rows] = await pool.query<RowDataPacket[]>(
      'SELECT seq, event_id, topic, msg_key, value, headers FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT ?',
      [limit],
    );
    return rows.map((row) => ({
      id: row.event_id,
      topic: row.topic,
      key: row.msg_key,
      value: row.value,
      headers: JSON.parse(row.headers) as Record<string, string>,
      ref: row.seq,
    }));
  },
  backlog: async () => {
    const [[row]] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE published_at IS NULL',
    );
    return { pending: Number(row?.pending ?? 0), oldest: row?.oldest ?? null };
  },
  markPublished: async (messages) => {
    if (messages.length === 0) return;
    await pool.query('UPDATE outbox SET published_at = ? WHERE seq IN (?)', [
      new Date(),
      messages.map((message) => message.ref),
    ]);
  },
});
