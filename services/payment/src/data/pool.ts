import { createMysqlPool, type MysqlConfig } from '@shop/platform/mysql';

/**
 * payments_db's pool: every session READ COMMITTED, set once per connection (why: the order
 * lock's transactions, data/order-lock.ts). The relay, refunds and housekeeping only read
 * committed rows or lock what they change, so the level suits them as well.
 */
export const createPaymentPool = (config: MysqlConfig, connectionLimit: number) =>
  createMysqlPool({ ...config, connectionLimit, isolation: 'READ COMMITTED' });
