import { type Migration, OUTBOX_MIGRATIONS } from '@shop/platform/mysql';

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
];
