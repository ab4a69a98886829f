import {
  addIndexIfMissing,
  type Migration,
  OUTBOX_MIGRATIONS,
  PROCESSED_EVENTS_RETENTION_MIGRATION,
} from '@shop/platform/mysql';

/**
 * `statement` run only when `condition` (a SQL count) is above 0: MySQL 8.4 has no
 * `ADD COLUMN IF NOT EXISTS` (MariaDB has), so the check is a prepared statement. Keeps a
 * migration re-runnable on both engines after a failure half-way.
 */
const runIf = (condition: string, statement: string) => [
  `SET @ddl = IF((${condition}) > 0, '${statement}', 'SELECT 1')`,
  'PREPARE conditional_ddl FROM @ddl',
  'EXECUTE conditional_ddl',
  'DEALLOCATE PREPARE conditional_ddl',
];
const countColumns = (table: string, column: string) =>
  `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${table}' AND column_name = '${column}'`;
const countTables = (table: string) =>
  `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${table}'`;

/** Versioned schema of payments_db, applied at start-up; append, never edit. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: 'payments, refunds, idempotency keys, cancelled orders, outbox',
    statements: [
      // `charge_lock` holds the order id while a charge runs and after it succeeded: the unique
      // key makes "one successful charge per order" a database guarantee, not only code.
      `CREATE TABLE IF NOT EXISTS payments (
        id CHAR(36) NOT NULL PRIMARY KEY,
        order_id CHAR(36) NOT NULL,
        user_id CHAR(36) NOT NULL,
        amount BIGINT NOT NULL,
        currency CHAR(3) NOT NULL,
        status VARCHAR(20) NOT NULL,
        failure_reason VARCHAR(100) NULL,
        card_brand VARCHAR(20) NOT NULL,
        card_last4 CHAR(4) NOT NULL,
        transaction_id VARCHAR(64) NULL,
        refunded_amount BIGINT NOT NULL DEFAULT 0,
        charge_lock CHAR(36) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        UNIQUE KEY uq_payments_charge_lock (charge_lock),
        KEY ix_payments_order (order_id),
        KEY ix_payments_status (status, updated_at),
        CONSTRAINT chk_payments_refund CHECK (refunded_amount >= 0 AND refunded_amount <= amount)
      )`,
      `CREATE TABLE IF NOT EXISTS refunds (
        id CHAR(36) NOT NULL PRIMARY KEY,
        payment_id CHAR(36) NOT NULL,
        amount BIGINT NOT NULL,
        reason VARCHAR(200) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        KEY ix_refunds_payment (payment_id)
      )`,
      // First response of each (user, scope, key), replayed to retries.
      `CREATE TABLE IF NOT EXISTS idempotency_keys (
        user_id VARCHAR(100) NOT NULL,
        scope VARCHAR(100) NOT NULL,
        idem_key VARCHAR(100) NOT NULL,
        request_hash CHAR(64) NOT NULL,
        state VARCHAR(12) NOT NULL,
        response_status INT NULL,
        response_body MEDIUMTEXT NULL,
        locked_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id, scope, idem_key),
        KEY ix_idempotency_created (created_at)
      )`,
      // Orders known to be cancelled: a charge that lands afterwards is refunded at once.
      `CREATE TABLE IF NOT EXISTS cancelled_orders (
        order_id CHAR(36) NOT NULL PRIMARY KEY,
        cancelled_at DATETIME(3) NOT NULL
      )`,
      ...OUTBOX_MIGRATIONS,
    ],
  },
  {
    version: 2,
    name: 'charge attempts, per-order lock rows, the gateway ledger',
    statements: [
      // Which charge attempt of the payment runs or ran last: 1, +1 per retry with a new card.
      ...runIf(
        `1 - (${countColumns('payments', 'attempt')})`,
        'ALTER TABLE payments ADD COLUMN attempt INT NOT NULL DEFAULT 1',
      ),
      // One row per order payment-service has charged or heard cancelled: every transaction that
      // charges, records or refunds for an order locks this row first (lock order in
      // data/order-lock.ts). `cancelled_at` is set by OrderCancelled and never cleared.
      `CREATE TABLE IF NOT EXISTS payment_orders (
        order_id CHAR(36) NOT NULL PRIMARY KEY,
        cancelled_at DATETIME(3) NULL,
        KEY ix_payment_orders_cancelled (cancelled_at)
      )`,
      ...runIf(
        countTables('cancelled_orders'),
        'INSERT IGNORE INTO payment_orders (order_id, cancelled_at) SELECT order_id, cancelled_at FROM cancelled_orders',
      ),
      'DROP TABLE IF EXISTS cancelled_orders',
      // The gateway simulator's own memory (it stands for an outside processor and writes this
      // table in its own statements, never in payment-service's transactions): one row per
      // attempt key, written once, by the first of authorize (the decision) or lookup (a void).
      `CREATE TABLE IF NOT EXISTS gateway_ledger (
        attempt_key VARCHAR(80) NOT NULL PRIMARY KEY,
        approved BOOLEAN NOT NULL,
        transaction_id VARCHAR(64) NOT NULL,
        decline_reason VARCHAR(100) NULL,
        amount BIGINT NULL,
        currency CHAR(3) NULL,
        card_brand VARCHAR(20) NULL,
        card_last4 CHAR(4) NULL,
        created_at DATETIME(3) NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'idempotency keys: the resource each creates, and fingerprints without card data',
    statements: [
      // The payment a POST /payments creates, named before it starts: a retry after a crash
      // answers with it instead of charging again.
      ...runIf(
        `1 - (${countColumns('idempotency_keys', 'resource_id')})`,
        'ALTER TABLE idempotency_keys ADD COLUMN resource_id CHAR(36) NULL',
      ),
      'ALTER TABLE idempotency_keys MODIFY request_hash CHAR(64) NULL',
      // Fingerprints written before were a plain hash of the raw body, card number and CVC
      // included: erased. A retry of such a key is taken to be the same request (keys expire
      // within a day); new fingerprints hold a keyed hash of the card, never the card or a CVC.
      'UPDATE idempotency_keys SET request_hash = NULL',
    ],
  },
  {
    version: 4,
    name: 'processed events by time, for the retention purge',
    statements: PROCESSED_EVENTS_RETENTION_MIGRATION,
  },
  {
    version: 5,
    name: 'payments newest first, by customer and by status, for the ADMIN listing',
    statements: [
      ...addIndexIfMissing('payments', 'ix_payments_created', 'created_at, id'),
      ...addIndexIfMissing('payments', 'ix_payments_user_created', 'user_id, created_at, id'),
      ...addIndexIfMissing('payments', 'ix_payments_status_created', 'status, created_at, id'),
    ],
  },
  {
    version: 6,
    name: "the gateway's raw answer beside each payment's transaction id",
    statements: [
      // What the processor answered the attempt that settled the payment (ADMIN reads it):
      // brand and last 4 digits of the card at most, never a number or a CVC.
      ...runIf(
        `1 - (${countColumns('payments', 'gateway_response')})`,
        'ALTER TABLE payments ADD COLUMN gateway_response JSON NULL AFTER transaction_id',
      ),
    ],
  },
];
