import type { OutboxStore } from '@shop/platform/kafka';
import { mysqlOutbox } from '@shop/platform/mysql';
import type { Pool } from 'mysql2/promise';

/**
 * accounts_db's outbox, whose events (account.events) carry raw single-use tokens: a row is
 * deleted as soon as Kafka acknowledged it, instead of being kept marked published, so a token
 * rests in MySQL in plain text only while Kafka has not taken it yet (normally milliseconds;
 * during a Kafka outage until it is back). account_tokens keeps only hashes.
 */
export const accountOutbox = (pool: Pool): OutboxStore => ({
  ...mysqlOutbox(pool),
  markPublished: async (messages) => {
    if (messages.length === 0) return;
    await pool.query('DELETE FROM outbox WHERE seq IN (?)', [
      messages.map((message) => message.ref),
    ]);
  },
});
