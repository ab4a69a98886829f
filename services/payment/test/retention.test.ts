import { retentionRound } from '@shop/platform/retention';
import type { RowDataPacket } from 'mysql2/promise';
import { describe, expect, it } from 'vitest';
import { paymentRetentionTasks } from '../src/jobs/retention.js';
import { usePaymentStore } from './store.js';

const store = usePaymentStore();
const DAY = 24 * 3_600_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('payment retention purge', () => {
  it('when outbox rows were published and events processed before retention, then one run deletes them and keeps fresh and pending rows', async () => {
    const { pool } = store;
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * DAY);
    const outboxRow = async (createdAt: Date, publishedAt: Date | null) => {
      const eventId = crypto.randomUUID();
      await pool.execute(
        `INSERT INTO outbox (event_id, topic, msg_key, value, headers, created_at, published_at)
         VALUES (?, 'payment.events', 'k', '{}', '{}', ?, ?)`,
        [eventId, createdAt, publishedAt],
      );
      return eventId;
    };
    const processed = async (at: Date) => {
      const eventId = crypto.randomUUID();
      await pool.execute('INSERT INTO processed_events (event_id, processed_at) VALUES (?, ?)', [
        eventId,
        at,
      ]);
      return eventId;
    };
    await Promise.all([1, 2, 3].map(async () => await outboxRow(ago(9), ago(8))));
    const freshPublished = await outboxRow(ago(2), ago(1));
    const oldPending = await outboxRow(ago(9), null);
    await Promise.all([1, 2, 3].map(async () => await processed(ago(8))));
    const freshProcessed = await processed(ago(1));

    // Batches of 2: the three old rows of each table take two statements.
    const deleted = await retentionRound(
      paymentRetentionTasks(pool, 168, () => now),
      {
        logger: silent,
        batchSize: 2,
        maxBatches: 10,
      },
    );

    expect(deleted).toEqual({ 'published outbox rows': 3, 'processed event ids': 3 });
    const [outbox] = await pool.query<RowDataPacket[]>('SELECT event_id FROM outbox');
    expect(outbox.map((row) => row.event_id).sort()).toEqual([freshPublished, oldPending].sort());
    const [events] = await pool.query<RowDataPacket[]>('SELECT event_id FROM processed_events');
    expect(events.map((row) => row.event_id)).toEqual([freshProcessed]);
  });

  it('when two replicas purge at once, then both finish and the old rows are gone once', async () => {
    const { pool } = store;
    const now = new Date();
    for (let index = 0; index < 20; index += 1)
      await pool.execute('INSERT INTO processed_events (event_id, processed_at) VALUES (?, ?)', [
        crypto.randomUUID(),
        new Date(now.getTime() - 10 * DAY),
      ]);
    const run = async () =>
      await retentionRound(
        paymentRetentionTasks(pool, 168, () => now),
        {
          logger: silent,
          batchSize: 3,
          maxBatches: 50,
        },
      );

    const [first, second] = await Promise.all([run(), run()]);

    expect((first['processed event ids'] ?? 0) + (second['processed event ids'] ?? 0)).toBe(20);
    const [[row]] = await pool.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM processed_events WHERE processed_at < ?',
      [new Date(now.getTime() - 7 * DAY)],
    );
    expect(Number(row?.n)).toBe(0);
  });
});
